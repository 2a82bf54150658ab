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
import dev.convoy.api.kernels.ConvolutionKernels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A convolution: K filters of {@code C/groups x kh x kw}, each slid over the input with the
 * geometry's stride, padding and dilation. All arithmetic is the backend's ({@link ConvolutionKernels}
 * and the core's bias gradient); this class only checks shapes and wires the kernels together.
 */
final class ConvLayer implements Layer {
  private final String name;
  private final ConvGeometry geometry;
  private final boolean hasBias;

  ConvLayer(String name, ConvGeometry geometry, boolean hasBias) {
    this.name = name;
    this.geometry = geometry;
    this.hasBias = hasBias;
  }

  @Override
  public Shape outputShape() {
    return geometry.outputShape();
  }

  @Override
  public List<ParamSpec> parameters() {
    return parameters(geometry, hasBias);
  }

  /** Weight and optional bias with PyTorch's default initialisation, so networks defined alike start alike. */
  static List<ParamSpec> parameters(ConvGeometry geometry, boolean hasBias) {
    Init init = Init.fanInUniform(geometry.c() / geometry.groups() * geometry.kh() * geometry.kw());
    List<ParamSpec> specs = new ArrayList<>();
    specs.add(new ParamSpec("weight", geometry.filterShape(), init));
    if (hasBias) {
      specs.add(new ParamSpec("bias", Shape.of(geometry.k()), init));
    }
    return List.copyOf(specs);
  }

  @Override
  public Volume forward(LayerContext ctx, List<Volume> inputs) {
    Volume x = inputs.get(0);
    ConvGeometry g = geometryFor(x.shape());
    Volume y = ctx.backend().allocateForOverwrite(g.outputShape());
    ctx.family(ConvolutionKernels.class).forward(x, ctx.param("weight"), hasBias ? ctx.param("bias") : null, y, g);
    return y;
  }

  @Override
  public List<Volume> backward(LayerContext ctx, List<Volume> inputs, Volume output, Volume outputGradient) {
    Backend backend = ctx.backend();
    ConvolutionKernels conv = ctx.family(ConvolutionKernels.class);
    Volume x = inputs.get(0);
    ConvGeometry g = geometryFor(x.shape());
    Volume dx = null;
    if (ctx.needsInputGradient(0)) {
      dx = backend.allocateForOverwrite(x.shape());
      conv.backwardData(outputGradient, ctx.param("weight"), dx, g);
    }
    conv.accumulateFilterGradient(x, outputGradient, ctx.paramGradient("weight"), g);
    if (hasBias) {
      backend.accumulateChannelBiasGradient(outputGradient, ctx.paramGradient("bias"));
    }
    return Collections.singletonList(dx);
  }

  /** The creation geometry for this call's batch size; any other difference is an error. */
  private ConvGeometry geometryFor(Shape in) {
    if (in.rank() != 4 || in.c() != geometry.c() || in.h() != geometry.h() || in.w() != geometry.w()) {
      throw new ShapeException(name + ": input " + in + " does not fit this Conv, made for "
          + geometry.inputShape() + " (only the batch size may change)");
    }
    return in.n() == geometry.n() ? geometry : geometry.withBatch(in.n());
  }
}
