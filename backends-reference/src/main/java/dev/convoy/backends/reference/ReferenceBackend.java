package dev.convoy.backends.reference;

import dev.convoy.api.Backend;
import dev.convoy.api.KernelFamily;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.ActivationKernels;
import dev.convoy.api.kernels.ConvolutionKernels;
import dev.convoy.api.kernels.FusedConvolutionKernels;
import dev.convoy.api.kernels.LayoutKernels;
import dev.convoy.api.kernels.LocallyConnectedKernels;
import dev.convoy.api.kernels.LossKernels;
import dev.convoy.api.kernels.NormalizationKernels;
import dev.convoy.api.kernels.OptimizerKernels;
import dev.convoy.api.kernels.PoolingKernels;
import dev.convoy.api.support.ArrayVolume;
import dev.convoy.api.support.ChannelLayout;
import java.util.Map;
import java.util.Optional;

/**
 * The reference backend: every kernel as plain, obviously correct loops over {@code float[]}
 * storage, accumulating in double where sums are long. It is the oracle the {@code backend-tck}
 * compares every other backend with, and, through {@link ReferenceHostFallback}, the host fallback
 * for the families another backend lacks.
 *
 * <p>This class is the core (storage, GEMM, the elementwise kernels, channel bias); every standard
 * kernel family is its own class, named after the family ({@link ReferenceConvolutionKernels} for
 * {@code ConvolutionKernels}, and so on), which checks its arguments
 * (owner, open, shapes) and hands the arithmetic to a class per concern ({@link ReferenceGemm},
 * {@link ReferenceIm2col}, {@link ReferenceConv}, {@link ReferencePool}, {@link ReferenceBatchNorm},
 * {@link ReferenceLrn}, {@link ReferenceLocallyConnected}, {@link ReferenceLosses}).
 */
public final class ReferenceBackend implements Backend {
  private final Map<Class<? extends KernelFamily>, KernelFamily> families;

  public ReferenceBackend() {
    ReferenceConvolutionKernels convolution = new ReferenceConvolutionKernels(this);
    ReferenceActivationKernels activations = new ReferenceActivationKernels(this);
    families = Map.of(
        ConvolutionKernels.class, convolution,
        PoolingKernels.class, new ReferencePoolingKernels(this),
        ActivationKernels.class, activations,
        NormalizationKernels.class, new ReferenceNormalizationKernels(this),
        LossKernels.class, new ReferenceLossKernels(this),
        OptimizerKernels.class, new ReferenceOptimizerKernels(this),
        LayoutKernels.class, new ReferenceLayoutKernels(this),
        LocallyConnectedKernels.class, new ReferenceLocallyConnectedKernels(this),
        FusedConvolutionKernels.class, new ReferenceFusedConvolutionKernels(this, convolution, activations));
  }

  @Override
  public String name() {
    return ReferenceBackendProvider.NAME;
  }

  /** Every family of {@code KernelFamilies.STANDARD}; nothing else. */
  @Override
  public <F extends KernelFamily> Optional<F> nativeFamily(Class<F> family) {
    return Optional.ofNullable(families.get(family)).map(family::cast);
  }

  // ---- storage --------------------------------------------------------------------------

  @Override
  public Volume allocate(Shape shape) {
    return ArrayVolume.allocate(this, shape);
  }

  @Override
  public void copy(Volume src, Volume dst) {
    ArrayVolume s = own(src, "copy source");
    ArrayVolume d = own(dst, "copy destination").requireSize(s.size(), "copy destination");
    System.arraycopy(s.array(), s.offset(), d.array(), d.offset(), s.size());
  }

  @Override
  public void fill(Volume x, float value) {
    ReferenceElementwise.fill(own(x, "fill target"), value);
  }

  // ---- linear algebra and elementwise ---------------------------------------------------

  @Override
  public void gemm(boolean transA, boolean transB, float alpha, Volume a, Volume b, float beta, Volume c) {
    ReferenceGemm.gemm(transA, transB, alpha, own(a, "gemm a"), own(b, "gemm b"), beta, own(c, "gemm c"));
  }

  @Override
  public void axpby(float alpha, Volume x, float beta, Volume y) {
    ArrayVolume in = own(x, "axpby x");
    ReferenceElementwise.axpby(alpha, in, beta, own(y, "axpby y").requireSize(in.size(), "axpby y"));
  }

  @Override
  public void scale(Volume x, float alpha) {
    ReferenceElementwise.scale(own(x, "scale x"), alpha);
  }

  @Override
  public void multiply(Volume a, Volume b, Volume out) {
    ArrayVolume left = own(a, "multiply a");
    ReferenceElementwise.multiply(left, own(b, "multiply b").requireSize(left.size(), "multiply b"),
        own(out, "multiply out").requireSize(left.size(), "multiply out"));
  }

  @Override
  public void addChannelBias(Volume y, Volume bias) {
    ArrayVolume out = own(y, "addChannelBias y");
    ChannelLayout s = ChannelLayout.of(out.shape(), "addChannelBias y");
    ArrayVolume b = own(bias, "bias").requireSize(s.channels(), "bias");
    ReferenceElementwise.addChannelBias(out, b, s.items(), s.channels(), s.inner());
  }

  @Override
  public void accumulateChannelBiasGradient(Volume dy, Volume dBias) {
    ArrayVolume grad = own(dy, "accumulateChannelBiasGradient dy");
    ChannelLayout s = ChannelLayout.of(grad.shape(), "accumulateChannelBiasGradient dy");
    ArrayVolume db = own(dBias, "dBias").requireSize(s.channels(), "dBias");
    ReferenceElementwise.accumulateChannelBiasGradient(grad, db, s.items(), s.channels(), s.inner());
  }

  @Override
  public String toString() {
    return "ReferenceBackend";
  }

  /** The volume as this backend's own, open volume, or a clear error naming its role; for the families too. */
  ArrayVolume own(Volume v, String role) {
    return ArrayVolume.owned(v, this, role);
  }
}
