package dev.convoy.backends.simd;

import dev.convoy.api.ConvGeometry;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.ConvolutionKernels;
import dev.convoy.api.support.ArrayVolume;

/** The {@link ConvolutionKernels} family: checks the volumes against the geometry and runs {@link SimdConv}. */
final class SimdConvolution implements ConvolutionKernels {
  private final OwnVolumes volumes;
  private final SimdConv conv;

  SimdConvolution(OwnVolumes volumes, SimdConv conv) {
    this.volumes = volumes;
    this.conv = conv;
  }

  @Override
  public void forward(Volume x, Volume w, Volume bias, Volume y, ConvGeometry g) {
    ArrayVolume b = bias == null ? null : volumes.own(bias, g.k(), "conv bias");
    ArrayVolume in = volumes.own(x, g.inputShape(), "conv x");
    ArrayVolume filters = volumes.own(w, g.filterShape(), "conv w");
    ArrayVolume out = volumes.own(y, g.outputShape(), "conv y");
    conv.forward(g, in.array(), in.offset(), filters.array(), filters.offset(), b == null ? null : b.array(),
        b == null ? 0 : b.offset(), out.array(), out.offset());
  }

  @Override
  public void backwardData(Volume dy, Volume w, Volume dx, ConvGeometry g) {
    ArrayVolume grad = volumes.own(dy, g.outputShape(), "conv dy");
    ArrayVolume filters = volumes.own(w, g.filterShape(), "conv w");
    ArrayVolume out = volumes.own(dx, g.inputShape(), "conv dx");
    conv.backwardData(g, grad.array(), grad.offset(), filters.array(), filters.offset(), out.array(), out.offset());
  }

  @Override
  public void accumulateFilterGradient(Volume x, Volume dy, Volume dw, ConvGeometry g) {
    ArrayVolume in = volumes.own(x, g.inputShape(), "conv x");
    ArrayVolume grad = volumes.own(dy, g.outputShape(), "conv dy");
    ArrayVolume out = volumes.own(dw, g.filterShape(), "conv dw");
    conv.accumulateFilterGradient(g, in.array(), in.offset(), grad.array(), grad.offset(), out.array(), out.offset());
  }
}
