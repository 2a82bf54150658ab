package dev.convoy.layers.core;

import dev.convoy.api.Layer;
import dev.convoy.api.LayerContext;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.Activation;
import dev.convoy.api.kernels.ActivationKernels;
import java.util.List;

/**
 * An {@link Activation} (ReLU, leaky ReLU, clip, sigmoid, tanh) applied to every value by the
 * backend's {@link ActivationKernels}; the output has the input's shape.
 */
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
    Volume y = ctx.backend().allocateForOverwrite(x.shape());
    ctx.family(ActivationKernels.class).forward(activation, x, y);
    return y;
  }

  @Override
  public List<Volume> backward(LayerContext ctx, List<Volume> inputs, Volume output, Volume outputGradient) {
    Volume dx = ctx.backend().allocateForOverwrite(inputs.get(0).shape());
    // Both forward values are at hand; the kernel reads the one its derivative is taken from.
    ctx.family(ActivationKernels.class).backward(activation, inputs.get(0), output, outputGradient, dx);
    return List.of(dx);
  }
}
