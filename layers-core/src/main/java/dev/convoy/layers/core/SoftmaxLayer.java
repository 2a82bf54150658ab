package dev.convoy.layers.core;

import dev.convoy.api.Backend;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerContext;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.LossKernels;
import java.util.List;

/**
 * Class scores {@code [N, K]} to probabilities, row by row ({@link LossKernels#softmax}). Backward is
 * {@code dx = p * (dy - sum_k(dy * p))} per row, built from core kernels so the data stays where
 * it lives: the row sums and their spreading back over the row are two GEMMs with a column of ones.
 */
final class SoftmaxLayer implements Layer {
  private final Shape shape;

  SoftmaxLayer(Shape shape) {
    this.shape = shape;
  }

  @Override
  public Shape outputShape() {
    return shape;
  }

  @Override
  public Volume forward(LayerContext ctx, List<Volume> inputs) {
    Volume x = inputs.get(0);
    Volume p = ctx.backend().allocateForOverwrite(x.shape());
    ctx.family(LossKernels.class).softmax(x, p);
    return p;
  }

  @Override
  public List<Volume> backward(LayerContext ctx, List<Volume> inputs, Volume output, Volume outputGradient) {
    Backend b = ctx.backend();
    Shape s = output.shape();
    int n = s.n();
    int k = s.sizePerItem();
    Volume dx = b.allocate(s);
    try (Volume ones = b.allocate(Shape.of(k, 1));
        Volume rowSums = b.allocate(Shape.of(n, 1));
        Volume spread = b.allocate(s)) {
      b.multiply(outputGradient, output, dx); // dy * p
      b.fill(ones, 1f);
      b.gemm(false, false, 1f, dx, ones, 0f, rowSums); // sum_k(dy * p), [N, 1]
      b.gemm(false, true, 1f, rowSums, ones, 0f, spread); // the row sum in every column, [N, K]
      b.multiply(spread, output, spread); // p * sum
      b.axpy(-1f, spread, dx);
    }
    return List.of(dx);
  }
}
