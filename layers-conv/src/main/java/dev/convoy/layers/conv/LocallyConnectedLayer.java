package dev.convoy.layers.conv;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvGeometry;
import dev.convoy.api.Init;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerContext;
import dev.convoy.api.ParamSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.LocallyConnectedKernels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The notes' locally-connected layer: a CONV layer without parameter sharing, for inputs where
 * different places hold different things (centred faces). Every output position has its own K
 * filters: weight {@code [outH*outW, K, C*kh*kw]}, bias {@code [K, outH, outW]}. The backend's
 * {@link LocallyConnectedKernels} do the arithmetic; the bias is added and its gradient summed over
 * the batch with a core GEMM against a column of ones.
 */
final class LocallyConnectedLayer implements Layer {
  private final String name;
  private final ConvGeometry geometry;
  private final boolean hasBias;

  LocallyConnectedLayer(String name, ConvGeometry geometry, boolean hasBias) {
    this.name = name;
    this.geometry = geometry;
    this.hasBias = hasBias;
  }

  /** The weight shape, {@code [outH*outW, K, C*kh*kw]}. */
  static Shape weightShape(ConvGeometry g) {
    return Shape.of(g.outH() * g.outW(), g.k(), g.colRows());
  }

  @Override
  public Shape outputShape() {
    return geometry.outputShape();
  }

  @Override
  public List<ParamSpec> parameters() {
    Init init = Init.fanInUniform(geometry.colRows()); // as Conv: each output sees C*kh*kw inputs
    List<ParamSpec> specs = new ArrayList<>();
    specs.add(new ParamSpec("weight", weightShape(geometry), init));
    if (hasBias) {
      specs.add(new ParamSpec("bias", Shape.of(geometry.k(), geometry.outH(), geometry.outW()), init));
    }
    return List.copyOf(specs);
  }

  @Override
  public Volume forward(LayerContext ctx, List<Volume> inputs) {
    Backend b = ctx.backend();
    ConvGeometry g = geometryFor(inputs.get(0).shape());
    Volume y = b.allocateForOverwrite(g.outputShape());
    ctx.family(LocallyConnectedKernels.class).forward(inputs.get(0), ctx.param("weight"), y, g);
    if (hasBias) {
      try (Volume ones = ones(b, g.n()); Volume bias = asRow(ctx.param("bias"))) {
        b.gemm(false, false, 1f, ones, bias, 1f, y); // every item's [K*outH*outW] row += bias
      }
    }
    return y;
  }

  @Override
  public List<Volume> backward(LayerContext ctx, List<Volume> inputs, Volume output, Volume outputGradient) {
    Backend b = ctx.backend();
    LocallyConnectedKernels lc = ctx.family(LocallyConnectedKernels.class);
    Volume x = inputs.get(0);
    ConvGeometry g = geometryFor(x.shape());
    Volume dx = null;
    if (ctx.needsInputGradient(0)) {
      dx = b.allocateForOverwrite(x.shape());
      lc.backwardData(outputGradient, ctx.param("weight"), dx, g);
    }
    lc.accumulateWeightGradient(x, outputGradient, ctx.paramGradient("weight"), g);
    if (hasBias) {
      try (Volume ones = ones(b, g.n()); Volume dBias = asRow(ctx.paramGradient("bias"))) {
        b.gemm(true, false, 1f, ones, outputGradient, 1f, dBias); // sum of dy over the batch
      }
    }
    return Collections.singletonList(dx);
  }

  private static Volume ones(Backend b, int n) {
    Volume ones = b.allocate(Shape.of(n, 1));
    b.fill(ones, 1f);
    return ones;
  }

  /** The bias (or its gradient) viewed as one row of {@code K*outH*outW}. */
  private static Volume asRow(Volume bias) {
    return bias.reshape(Shape.of(1, (int) bias.shape().size()));
  }

  /** The creation geometry for this call's batch size; any other difference is an error. */
  private ConvGeometry geometryFor(Shape in) {
    if (in.rank() != 4 || in.c() != geometry.c() || in.h() != geometry.h() || in.w() != geometry.w()) {
      throw new ShapeException(name + ": input " + in + " does not fit this LocallyConnected layer, made for "
          + geometry.inputShape() + " (only the batch size may change)");
    }
    return in.n() == geometry.n() ? geometry : geometry.withBatch(in.n());
  }
}
