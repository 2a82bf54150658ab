package dev.convoy.layers.core;

import dev.convoy.api.Layer;
import dev.convoy.api.LayerContext;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import java.util.List;

/** {@code max(0, x)} elementwise; the gradient passes where the output is positive. */
final class ReluLayer implements Layer {
  private final Shape shape;

  ReluLayer(Shape shape) {
    this.shape = shape;
  }

  @Override
  public Shape outputShape() {
    return shape;
  }

  @Override
  public Volume forward(LayerContext ctx, List<Volume> inputs) {
    Volume x = inputs.get(0);
    Volume y = ctx.backend().allocateForOverwrite(x.shape());
    ctx.backend().relu(x, y);
    return y;
  }

  @Override
  public List<Volume> backward(LayerContext ctx, List<Volume> inputs, Volume output, Volume outputGradient) {
    Volume dx = ctx.backend().allocateForOverwrite(inputs.get(0).shape());
    ctx.backend().reluBackward(output, outputGradient, dx);
    return List.of(dx);
  }
}
