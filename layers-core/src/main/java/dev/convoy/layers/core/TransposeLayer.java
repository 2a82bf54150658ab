package dev.convoy.layers.core;

import dev.convoy.api.Layer;
import dev.convoy.api.LayerContext;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import java.util.List;

/**
 * Permutes the axes of each item, e.g. NCHW to NHWC with {@code perm = [0, 2, 3, 1]}; the batch
 * axis stays first. The backward pass applies the inverse permutation to the output gradient.
 *
 * <p>The backend SPI has no permute kernel, so the values make one trip through the host
 * ({@link Volume#toArray()} and {@link dev.convoy.api.Backend#upload}), as the api's host defaults
 * do; a device backend pays a copy each way until the SPI gains such a kernel.
 */
final class TransposeLayer implements Layer {
  private final String name;
  private final Shape inputShape;
  private final int[] perm;

  TransposeLayer(String name, Shape inputShape, int[] perm) {
    this.name = name;
    this.inputShape = inputShape;
    this.perm = perm.clone();
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
    int[] dims = x.shape().dims();
    return ctx.backend().upload(Shape.of(Permutation.apply(dims, perm)),
        Permutation.permute(x.toArray(), dims, perm));
  }

  @Override
  public List<Volume> backward(LayerContext ctx, List<Volume> inputs, Volume output, Volume outputGradient) {
    int[] inverse = Permutation.inverse(perm);
    return List.of(ctx.backend().upload(inputs.get(0).shape(),
        Permutation.permute(outputGradient.toArray(), outputGradient.shape().dims(), inverse)));
  }
}
