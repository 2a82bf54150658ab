package dev.convoy.backends.simd;

import dev.convoy.api.ConvGeometry;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.Activation;
import dev.convoy.api.kernels.FusedConvolutionKernels;
import dev.convoy.api.support.ArrayVolume;

/**
 * The {@link FusedConvolutionKernels} family: {@link SimdConv}'s forward pass, whichever path it
 * takes, with an {@link OutputEpilogue} that adds the residual and applies the activation to each
 * run of outputs as soon as a task has written it, instead of two more passes over the whole
 * output. The convolution and bias are computed exactly as unfused, so results are the same. The
 * filters are constants here (the family's contract), so each bank is packed once ({@link
 * ConstantFilters}).
 */
final class SimdFusedConvolution implements FusedConvolutionKernels {
  private final OwnVolumes volumes;
  private final SimdConv conv;
  private final Kernels kernels;
  private final ActivationLoops activations;

  SimdFusedConvolution(OwnVolumes volumes, SimdConv conv, Kernels kernels, ActivationLoops activations) {
    this.volumes = volumes;
    this.conv = conv;
    this.kernels = kernels;
    this.activations = activations;
  }

  @Override
  public void forward(Volume x, Volume w, Volume bias, Volume residual, Activation activation, Volume y,
      ConvGeometry g) {
    ArrayVolume b = bias == null ? null : volumes.own(bias, g.k(), "fused conv bias");
    ArrayVolume in = volumes.own(x, g.inputShape(), "fused conv x");
    ArrayVolume filters = volumes.own(w, g.filterShape(), "fused conv w");
    ArrayVolume out = volumes.own(y, g.outputShape(), "fused conv y");
    ArrayVolume res = residual == null ? null : volumes.own(residual, g.outputShape(), "fused conv residual");
    if (res != null && res.array() == out.array()) {
      // The epilogue reads the residual after the convolution has overwritten y.
      throw new ConvoyException("fused conv residual shares storage with y; pass a separate output volume");
    }
    OutputEpilogue epilogue = res == null && activation == null ? null
        : new OutputEpilogue(kernels, activations, res == null ? null : res.array(), res == null ? 0 : res.offset(),
            out.offset(), activation);
    conv.forward(g, in.array(), in.offset(), filters.array(), filters.offset(), b == null ? null : b.array(),
        b == null ? 0 : b.offset(), out.array(), out.offset(), epilogue, true);
  }
}
