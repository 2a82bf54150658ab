package dev.convoy.layers.core;

import dev.convoy.api.Backend;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerContext;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import java.util.List;

/**
 * The element-wise product of two inputs of one shape, as a gate (x * sigmoid(x)) or an attention
 * mask computed by the network itself. By the product rule each input's gradient is the output
 * gradient times the other input.
 */
final class MulLayer implements Layer {
  private final String name;
  private final Shape shape;

  MulLayer(String name, Shape shape) {
    this.name = name;
    this.shape = shape;
  }

  @Override
  public Shape outputShape() {
    return shape;
  }

  @Override
  public Volume forward(LayerContext ctx, List<Volume> inputs) {
    Shape s = inputs.get(0).shape();
    if (inputs.size() != 2 || !inputs.get(1).shape().equals(s) || !s.withBatch(1).equals(shape.withBatch(1))) {
      throw new ShapeException(name + ": Mul inputs must both have the shape " + shape + " (any batch size, the"
          + " same for both), got " + inputs.stream().map(Volume::shape).toList());
    }
    Volume y = ctx.backend().allocate(s);
    ctx.backend().multiply(inputs.get(0), inputs.get(1), y);
    return y;
  }

  @Override
  public List<Volume> backward(LayerContext ctx, List<Volume> inputs, Volume output, Volume outputGradient) {
    Backend b = ctx.backend();
    Volume da = b.allocate(inputs.get(0).shape());
    Volume db = b.allocate(inputs.get(1).shape());
    b.multiply(outputGradient, inputs.get(1), da);
    b.multiply(outputGradient, inputs.get(0), db);
    return List.of(da, db);
  }
}
