package dev.convoy.backends.opencl;

import dev.convoy.api.ConvGeometry;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.Activation;
import dev.convoy.api.kernels.FusedConvolutionKernels;

/**
 * {@link FusedConvolutionKernels} on the device: the convolution's forward kernel with the bias,
 * the residual and the activation applied as each value is stored, in that order, each rounded as
 * the unfused kernels round it. One launch instead of three, and no pass over {@code y} in between.
 */
final class OpenClFusedConvolution implements FusedConvolutionKernels {
  private final OpenClConvolution convolution;

  OpenClFusedConvolution(OpenClBackend backend) {
    this.convolution = new OpenClConvolution(backend);
  }

  @Override
  public void forward(Volume x, Volume w, Volume bias, Volume residual, Activation activation, Volume y,
      ConvGeometry g) {
    if (residual != null && residual == y) {
      throw new ConvoyException("fused conv: the residual " + residual.shape() + " is also the output y; the output"
          + " must be a volume of its own, since the convolution overwrites it before the residual is added");
    }
    convolution.forward(x, w, bias, residual, activation, y, g);
  }
}
