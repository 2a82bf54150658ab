package dev.convoy.layers.core;

import dev.convoy.api.Backend;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerContext;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import java.util.ArrayList;
import java.util.List;

/**
 * The element-wise sum of two or more inputs of one shape: the merge of a residual (skip)
 * connection. Each input's gradient is the output gradient itself.
 */
final class AddLayer implements Layer {
  private final String name;
  private final Shape shape;

  AddLayer(String name, Shape shape) {
    this.name = name;
    this.shape = shape;
  }

  @Override
  public Shape outputShape() {
    return shape;
  }

  @Override
  public Volume forward(LayerContext ctx, List<Volume> inputs) {
    Backend b = ctx.backend();
    Shape s = inputs.get(0).shape();
    for (Volume in : inputs) {
      if (!in.shape().equals(s) || !in.shape().withBatch(1).equals(shape.withBatch(1))) {
        throw new ShapeException(name + ": Add inputs must all have the shape " + shape + " (any batch size, the"
            + " same for all), got " + inputs.stream().map(Volume::shape).toList());
      }
    }
    Volume y = b.allocate(s);
    b.copy(inputs.get(0), y);
    for (int i = 1; i < inputs.size(); i++) {
      b.axpy(1f, inputs.get(i), y);
    }
    return y;
  }

  @Override
  public List<Volume> backward(LayerContext ctx, List<Volume> inputs, Volume output, Volume outputGradient) {
    List<Volume> grads = new ArrayList<>();
    for (Volume in : inputs) {
      Volume dx = ctx.backend().allocate(in.shape());
      ctx.backend().copy(outputGradient, dx);
      grads.add(dx);
    }
    return grads;
  }
}
