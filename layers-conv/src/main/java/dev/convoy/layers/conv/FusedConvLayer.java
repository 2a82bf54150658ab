package dev.convoy.layers.conv;

import dev.convoy.api.ConvGeometry;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerContext;
import dev.convoy.api.ParamSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.Activation;
import dev.convoy.api.kernels.FusedConvolutionKernels;
import java.util.List;

/**
 * A convolution with what follows it fused in, for inference: {@code y = act(conv(x, w) + bias +
 * residual)}, where the residual (a second input) and the activation are optional. The runtime's
 * inference rewrites make it from a Conv and the Add and activation nodes that read it; one kernel
 * call replaces up to three passes over the output. It has no backward: train the unfused network.
 */
final class FusedConvLayer implements Layer {
  private final String name;
  private final ConvGeometry geometry;
  private final boolean hasBias;
  private final boolean hasResidual;
  private final Activation activation;

  /** {@code activation} may be null (none). */
  FusedConvLayer(String name, ConvGeometry geometry, boolean hasBias, boolean hasResidual, Activation activation) {
    this.name = name;
    this.geometry = geometry;
    this.hasBias = hasBias;
    this.hasResidual = hasResidual;
    this.activation = activation;
  }

  @Override
  public Shape outputShape() {
    return geometry.outputShape();
  }

  /** The same parameters as the Conv it replaces, so that its weights carry over unchanged. */
  @Override
  public List<ParamSpec> parameters() {
    return ConvLayer.parameters(geometry, hasBias);
  }

  @Override
  public Volume forward(LayerContext ctx, List<Volume> inputs) {
    Volume x = inputs.get(0);
    ConvGeometry g = geometryFor(x.shape());
    Volume residual = hasResidual ? inputs.get(1) : null;
    if (residual != null && !residual.shape().equals(g.outputShape())) {
      throw new ShapeException(name + ": residual " + residual.shape() + " does not match the convolution's output "
          + g.outputShape());
    }
    Volume y = ctx.backend().allocateForOverwrite(g.outputShape());
    ctx.family(FusedConvolutionKernels.class).forward(x, ctx.param("weight"), hasBias ? ctx.param("bias") : null,
        residual, activation, y, g);
    return y;
  }

  @Override
  public List<Volume> backward(LayerContext ctx, List<Volume> inputs, Volume output, Volume outputGradient) {
    throw new ConvoyException(name + ": FusedConv is for inference only and has no backward; it is made by the"
        + " inference rewrites, so train the network they were applied to, not the rewritten one");
  }

  /** The creation geometry for this call's batch size; any other difference is an error. */
  private ConvGeometry geometryFor(Shape in) {
    if (in.rank() != 4 || in.c() != geometry.c() || in.h() != geometry.h() || in.w() != geometry.w()) {
      throw new ShapeException(name + ": input " + in + " does not fit this FusedConv, made for "
          + geometry.inputShape() + " (only the batch size may change)");
    }
    return in.n() == geometry.n() ? geometry : geometry.withBatch(in.n());
  }
}
