package dev.convoy.backends.simd;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.Activation;
import dev.convoy.api.kernels.ActivationKernels;
import dev.convoy.api.support.ArrayVolume;

/** The {@link ActivationKernels} family: {@link ActivationLoops} over contiguous chunks across the pool. */
final class SimdActivations implements ActivationKernels {
  private final OwnVolumes volumes;
  private final SimdElementwise elementwise;
  private final ActivationLoops loops;

  SimdActivations(OwnVolumes volumes, SimdElementwise elementwise, ActivationLoops loops) {
    this.volumes = volumes;
    this.elementwise = elementwise;
    this.loops = loops;
  }

  @Override
  public void forward(Activation f, Volume x, Volume y) {
    requireActivation(f);
    ArrayVolume in = volumes.own(x, "activation x");
    ArrayVolume out = volumes.own(y, in.size(), "activation y");
    float[] xs = in.array();
    float[] ys = out.array();
    elementwise.forChunks(in.size(), (from, to) -> loops.forward(f, xs, in.offset() + from, ys, out.offset() + from,
        to - from));
  }

  @Override
  public void backward(Activation f, Volume x, Volume y, Volume dy, Volume dx) {
    requireActivation(f);
    String role = f.backwardFromOutput() ? "activation backward y (the forward output)"
        : "activation backward x (the forward input)";
    ArrayVolume from = volumes.own(f.backwardFromOutput() ? y : x, role);
    ArrayVolume grad = volumes.own(dy, from.size(), "activation backward dy");
    ArrayVolume dIn = volumes.own(dx, from.size(), "activation backward dx");
    float[] fs = from.array();
    float[] gs = grad.array();
    float[] ds = dIn.array();
    elementwise.forChunks(from.size(), (lo, hi) -> loops.backward(f, fs, from.offset() + lo, gs, grad.offset() + lo,
        ds, dIn.offset() + lo, hi - lo));
  }

  private static void requireActivation(Activation f) {
    if (f == null) {
      throw new ConvoyException("the activation is null; pass one of the Activation records, e.g. Activation.RELU");
    }
  }
}
