package dev.convoy.backends.reference;

import dev.convoy.api.ConvGeometry;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.ConvolutionKernels;
import dev.convoy.api.support.ArrayVolume;

/** The reference {@link ConvolutionKernels}: checks owner and shapes, then runs {@link ReferenceConv} (im2col + GEMM). */
final class ReferenceConvolutionKernels implements ConvolutionKernels {
  private final ReferenceBackend backend;

  ReferenceConvolutionKernels(ReferenceBackend backend) {
    this.backend = backend;
  }

  @Override
  public void forward(Volume x, Volume w, Volume bias, Volume y, ConvGeometry g) {
    ArrayVolume b = bias == null ? null : backend.own(bias, "conv bias").requireSize(g.k(), "conv bias");
    ReferenceConv.forward(g, input(x, g, "conv x"), filters(w, g, "conv w"), b, output(y, g, "conv y"));
  }

  @Override
  public void backwardData(Volume dy, Volume w, Volume dx, ConvGeometry g) {
    ReferenceConv.backwardData(g, output(dy, g, "conv dy"), filters(w, g, "conv w"), input(dx, g, "conv dx"));
  }

  @Override
  public void accumulateFilterGradient(Volume x, Volume dy, Volume dw, ConvGeometry g) {
    ReferenceConv.accumulateFilterGradient(g, input(x, g, "conv x"), output(dy, g, "conv dy"),
        filters(dw, g, "conv dw"));
  }

  private ArrayVolume input(Volume v, ConvGeometry g, String role) {
    return backend.own(v, role).requireShape(g.inputShape(), role);
  }

  private ArrayVolume filters(Volume v, ConvGeometry g, String role) {
    return backend.own(v, role).requireShape(g.filterShape(), role);
  }

  private ArrayVolume output(Volume v, ConvGeometry g, String role) {
    return backend.own(v, role).requireShape(g.outputShape(), role);
  }
}
