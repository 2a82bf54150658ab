package org.example.convoy.maxout;

import dev.convoy.api.Backend;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerContext;
import dev.convoy.api.PoolGeometry;
import dev.convoy.api.PoolKind;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.PoolingKernels;
import java.util.List;

/**
 * Maxout over groups of {@code pieces} consecutive channels, computed with the backend's max-pool
 * kernels ({@link PoolingKernels}) so that it runs on every backend without a kernel of its own.
 *
 * <p>The trick is a free reshape. In NCHW order channel {@code c = g*pieces + j} of image {@code n}
 * starts at {@code ((n*C/pieces + g)*pieces + j)*S} with {@code S = H*W}, which is exactly row
 * {@code j} of plane {@code n*C/pieces + g} of a volume {@code [N*C/pieces, 1, pieces, S]}. Max
 * pooling that volume with a {@code pieces x 1} window and stride gives {@code [N*C/pieces, 1, 1,
 * S]}, the same values as {@code [N, C/pieces, H, W]}: forward is one pool, and backward routes
 * each gradient to the winning piece through the pool's switches, as the notes describe for max.
 */
final class MaxoutLayer implements Layer {
  private final String name;
  private final Shape input;
  private final int pieces;
  /** Where each output's winner was in the last training forward, for the backward that follows. */
  private Volume switches;

  MaxoutLayer(String name, Shape input, int pieces) {
    this.name = name;
    this.input = input;
    this.pieces = pieces;
  }

  @Override
  public Shape outputShape() {
    return outputFor(input);
  }

  @Override
  public Volume forward(LayerContext ctx, List<Volume> inputs) {
    Backend backend = ctx.backend();
    Volume x = inputs.get(0);
    PoolGeometry g = geometry(x.shape());
    Volume y = backend.allocate(outputFor(x.shape()));
    releaseSwitches();
    // Inference needs no switches: no backward follows.
    if (ctx.training()) {
      switches = backend.allocate(g.outputShape());
    }
    try (Volume xView = x.reshape(g.inputShape()); Volume yView = y.reshape(g.outputShape())) {
      ctx.family(PoolingKernels.class).forward(g, xView, yView, switches);
    }
    return y;
  }

  @Override
  public List<Volume> backward(LayerContext ctx, List<Volume> inputs, Volume output, Volume outputGradient) {
    Backend backend = ctx.backend();
    PoolingKernels pool = ctx.family(PoolingKernels.class);
    Volume x = inputs.get(0);
    PoolGeometry g = geometry(x.shape());
    Volume dx = backend.allocate(x.shape());
    try (Volume xView = x.reshape(g.inputShape()); Volume yView = output.reshape(g.outputShape());
        Volume dyView = outputGradient.reshape(g.outputShape()); Volume dxView = dx.reshape(g.inputShape())) {
      if (switches == null || !switches.shape().equals(g.outputShape())) {
        recordSwitches(backend, pool, g, xView);
      }
      pool.backward(g, xView, yView, dyView, switches, dxView);
    }
    return List.of(dx);
  }

  /** Runs the pool again to get switches that the last forward (an inference one) did not keep. */
  private void recordSwitches(Backend backend, PoolingKernels pool, PoolGeometry g, Volume xView) {
    releaseSwitches();
    switches = backend.allocate(g.outputShape());
    try (Volume scratch = backend.allocate(g.outputShape())) {
      pool.forward(g, xView, scratch, switches);
    }
  }

  private void releaseSwitches() {
    if (switches != null) {
      switches.close();
      switches = null;
    }
  }

  /** {@code in} with its depth divided by {@code pieces}. */
  private Shape outputFor(Shape in) {
    int[] dims = in.dims();
    dims[1] /= pieces;
    return Shape.of(dims);
  }

  /** The pooling that computes maxout for a batch of {@code in}; only the batch size may differ from creation. */
  private PoolGeometry geometry(Shape in) {
    if (!in.withBatch(input.n()).equals(input)) {
      throw new ShapeException(name + ": input " + in + " does not fit this Maxout, made for " + input
          + " (only the batch size may change)");
    }
    int groups = in.n() * (in.dim(1) / pieces);
    int spatial = in.sizePerItem() / in.dim(1);
    return new PoolGeometry(PoolKind.MAX, groups, 1, pieces, spatial, pieces, 1, pieces, 1, 0, 0, 0, 0, false, 1,
        spatial);
  }
}
