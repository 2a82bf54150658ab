package dev.convoy.layers.core;

import dev.convoy.api.Layer;
import dev.convoy.api.LayerContext;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import java.util.List;

/** An {@link Activation} applied to every value; the output has the input's shape. */
final class ActivationLayer implements Layer {
  private final Shape shape;
  private final Activation activation;

  ActivationLayer(Shape shape, Activation activation) {
    this.shape = shape;
    this.activation = activation;
  }

  @Override
  public Shape outputShape() {
    return shape;
  }

  @Override
  public Volume forward(LayerContext ctx, List<Volume> inputs) {
    Volume x = inputs.get(0);
    Volume y = ctx.backend().allocate(x.shape());
    activation.forward(ctx.backend(), x, y);
    return y;
  }

  @Override
  public List<Volume> backward(LayerContext ctx, List<Volume> inputs, Volume output, Volume outputGradient) {
    Volume dx = ctx.backend().allocate(inputs.get(0).shape());
    activation.backward(ctx.backend(), inputs.get(0), output, outputGradient, dx);
    return List.of(dx);
  }
}
