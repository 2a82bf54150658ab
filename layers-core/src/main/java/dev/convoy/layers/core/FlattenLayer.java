package dev.convoy.layers.core;

import dev.convoy.api.Layer;
import dev.convoy.api.LayerContext;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import java.util.List;

/**
 * {@code [N, d1, d2, ...]} to {@code [N, d1*d2*...]} in row-major order. It returns a copy, not a
 * {@link Volume#reshape} view: the runtime frees activations independently, and a view must not
 * outlive the volume it shares storage with.
 */
final class FlattenLayer implements Layer {
  private final Shape inputShape;

  FlattenLayer(Shape inputShape) {
    this.inputShape = inputShape;
  }

  @Override
  public Shape outputShape() {
    return Shape.of(inputShape.n(), inputShape.sizePerItem());
  }

  @Override
  public Volume forward(LayerContext ctx, List<Volume> inputs) {
    Volume x = inputs.get(0);
    Volume y = ctx.backend().allocate(Shape.of(x.shape().n(), x.shape().sizePerItem()));
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
