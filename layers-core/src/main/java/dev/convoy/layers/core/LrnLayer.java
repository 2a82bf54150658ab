package dev.convoy.layers.core;

import dev.convoy.api.Layer;
import dev.convoy.api.LayerContext;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.NormalizationKernels;
import java.util.List;

/**
 * Local response normalization across channels, the cuda-convnet/AlexNet layer the notes mention:
 * {@code y_c = x_c / (k + alpha/size * sum of x_c'^2 over the size channels around c)^beta}, as
 * PyTorch's {@code LocalResponseNorm} and ONNX's {@code LRN} (both divide alpha by size), computed
 * by the backend's {@link NormalizationKernels}. No parameters.
 */
final class LrnLayer implements Layer {
  private final String name;
  private final Shape shape;
  private final int size;
  private final float alpha;
  private final float beta;
  private final float k;

  LrnLayer(String name, Shape shape, int size, float alpha, float beta, float k) {
    this.name = name;
    this.shape = shape;
    this.size = size;
    this.alpha = alpha;
    this.beta = beta;
    this.k = k;
  }

  @Override
  public Shape outputShape() {
    return shape;
  }

  @Override
  public Volume forward(LayerContext ctx, List<Volume> inputs) {
    Volume x = check(inputs.get(0));
    Volume y = ctx.backend().allocateForOverwrite(x.shape());
    ctx.family(NormalizationKernels.class).lrnForward(x, size, alpha, beta, k, y);
    return y;
  }

  @Override
  public List<Volume> backward(LayerContext ctx, List<Volume> inputs, Volume output, Volume outputGradient) {
    Volume x = check(inputs.get(0));
    Volume dx = ctx.backend().allocateForOverwrite(x.shape());
    ctx.family(NormalizationKernels.class).lrnBackward(x, outputGradient, size, alpha, beta, k, dx);
    return List.of(dx);
  }

  private Volume check(Volume x) {
    if (!x.shape().withBatch(1).equals(shape.withBatch(1))) {
      throw new ShapeException(name + ": input " + x.shape() + " does not fit this LRN, made for " + shape
          + " (only the batch size may change)");
    }
    return x;
  }
}
