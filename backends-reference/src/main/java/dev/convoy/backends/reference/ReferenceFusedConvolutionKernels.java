package dev.convoy.backends.reference;

import dev.convoy.api.ConvGeometry;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.Activation;
import dev.convoy.api.kernels.FusedConvolutionKernels;
import dev.convoy.api.support.ArrayVolume;

/**
 * The reference {@link FusedConvolutionKernels}: the plain composition it stands for, so it rounds
 * exactly as the unfused kernels do: the convolution with its bias, then {@code + residual} (one
 * float addition per value), then the activation in place.
 */
final class ReferenceFusedConvolutionKernels implements FusedConvolutionKernels {
  private final ReferenceBackend backend;
  private final ReferenceConvolutionKernels convolution;
  private final ReferenceActivationKernels activations;

  ReferenceFusedConvolutionKernels(ReferenceBackend backend, ReferenceConvolutionKernels convolution,
      ReferenceActivationKernels activations) {
    this.backend = backend;
    this.convolution = convolution;
    this.activations = activations;
  }

  @Override
  public void forward(Volume x, Volume w, Volume bias, Volume residual, Activation activation, Volume y,
      ConvGeometry g) {
    ArrayVolume r = residual == null ? null
        : backend.own(residual, "fused conv residual").requireShape(g.outputShape(), "fused conv residual");
    if (r != null && residual == y) {
      throw new ConvoyException("fused conv: the residual " + residual.shape() + " is also the output y; the output"
          + " must be a volume of its own, since the convolution overwrites it before the residual is added");
    }
    convolution.forward(x, w, bias, y, g);
    if (r != null) {
      ArrayVolume out = backend.own(y, "fused conv y");
      float[] ya = out.array();
      float[] ra = r.array();
      for (int i = 0; i < out.size(); i++) {
        ya[out.offset() + i] += ra[r.offset() + i];
      }
    }
    if (activation != null) {
      activations.forward(activation, y, y);
    }
  }
}
