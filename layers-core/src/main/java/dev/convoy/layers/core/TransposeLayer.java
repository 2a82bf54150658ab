package dev.convoy.layers.core;

import dev.convoy.api.Layer;
import dev.convoy.api.LayerContext;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.LayoutKernels;
import java.util.List;

/**
 * Permutes the axes of each item, e.g. NCHW to NHWC with {@code perm = [0, 2, 3, 1]}; the batch
 * axis stays first. Both directions are {@link LayoutKernels#transpose}: forward with {@code perm},
 * backward with its inverse on the output gradient, so the values never leave the backend.
 */
final class TransposeLayer implements Layer {
  private final String name;
  private final Shape inputShape;
  private final int[] perm;
  private final int[] inverse;

  TransposeLayer(String name, Shape inputShape, int[] perm) {
    this.name = name;
    this.inputShape = inputShape;
    this.perm = perm.clone();
    this.inverse = Permutation.inverse(perm);
  }

  @Override
  public Shape outputShape() {
    return Shape.of(Permutation.apply(inputShape.dims(), perm));
  }

  @Override
  public Volume forward(LayerContext ctx, List<Volume> inputs) {
    Volume x = inputs.get(0);
    if (!x.shape().withBatch(1).equals(inputShape.withBatch(1))) {
      throw new ShapeException(name + ": input " + x.shape() + " does not fit this Transpose, made for " + inputShape
          + " (only the batch size may change)");
    }
    Volume y = ctx.backend().allocateForOverwrite(Shape.of(Permutation.apply(x.shape().dims(), perm)));
    ctx.family(LayoutKernels.class).transpose(x, perm, y);
    return y;
  }

  @Override
  public List<Volume> backward(LayerContext ctx, List<Volume> inputs, Volume output, Volume outputGradient) {
    Volume dx = ctx.backend().allocateForOverwrite(inputs.get(0).shape());
    ctx.family(LayoutKernels.class).transpose(outputGradient, inverse, dx);
    return List.of(dx);
  }
}
