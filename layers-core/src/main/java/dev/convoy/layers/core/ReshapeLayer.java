package dev.convoy.layers.core;

import dev.convoy.api.Layer;
import dev.convoy.api.LayerContext;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import java.util.List;

/**
 * {@code [N, ...]} to {@code [N, shape...]} with the values in the same row-major order: the batch
 * axis stays, only the dimensions of each item change. Like {@link FlattenLayer} it returns a copy,
 * never a view, because the runtime frees activations independently.
 */
final class ReshapeLayer implements Layer {
  private final String name;
  private final Shape inputShape;
  private final Shape outputShape;

  ReshapeLayer(String name, Shape inputShape, Shape outputShape) {
    this.name = name;
    this.inputShape = inputShape;
    this.outputShape = outputShape;
  }

  @Override
  public Shape outputShape() {
    return outputShape;
  }

  @Override
  public Volume forward(LayerContext ctx, List<Volume> inputs) {
    Volume x = inputs.get(0);
    if (!x.shape().withBatch(1).equals(inputShape.withBatch(1))) {
      throw new ShapeException(name + ": input " + x.shape() + " does not fit this Reshape, made for " + inputShape
          + " (only the batch size may change)");
    }
    Volume y = ctx.backend().allocate(outputShape.withBatch(x.shape().n()));
    ctx.backend().copy(x, y);
    return y;
  }

  @Override
  public List<Volume> backward(LayerContext ctx, List<Volume> inputs, Volume output, Volume outputGradient) {
    Volume dx = ctx.backend().allocate(inputs.get(0).shape());
    ctx.backend().copy(outputGradient, dx);
    return List.of(dx);
  }
}
