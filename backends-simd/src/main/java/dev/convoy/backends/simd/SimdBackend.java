package dev.convoy.backends.simd;

import dev.convoy.api.Backend;
import dev.convoy.api.KernelFamily;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.ActivationKernels;
import dev.convoy.api.kernels.ConvolutionKernels;
import dev.convoy.api.kernels.FusedConvolutionKernels;
import dev.convoy.api.kernels.LayoutKernels;
import dev.convoy.api.kernels.LossKernels;
import dev.convoy.api.kernels.NormalizationKernels;
import dev.convoy.api.kernels.OptimizerKernels;
import dev.convoy.api.kernels.PoolingKernels;
import dev.convoy.api.support.ArrayVolume;
import dev.convoy.api.support.ChannelLayout;
import java.util.Map;
import java.util.Optional;

/**
 * The simd backend: the core of {@link Backend} with vector instructions and every core, and a
 * family class for each kernel family it has ({@link #nativeFamily}); locally connected layers are
 * left to the host fallback. Volumes are {@code float[]} as in the reference backend. The core and
 * the families check their arguments ({@link OwnVolumes}) and hand the arithmetic to classes that
 * do their inner loops through one {@link Kernels} and run their tasks on one {@link WorkerPool}.
 */
final class SimdBackend implements Backend {
  private final Kernels kernels;
  private final WorkerPool pool;
  private final Workspace.Pool workspaces = new Workspace.Pool();
  private final SimdElementwise elementwise;
  private final ArrayRecycling arrays;
  private final OwnVolumes volumes = new OwnVolumes(this);
  private final Map<Class<? extends KernelFamily>, KernelFamily> families;

  /** A backend running {@code kernels} on {@code threads} threads (the caller's included). */
  SimdBackend(Kernels kernels, int threads) {
    this.kernels = kernels;
    this.pool = new WorkerPool(threads);
    this.elementwise = new SimdElementwise(kernels, pool);
    ConstantFilters constants = new ConstantFilters();
    this.arrays = new ArrayRecycling(kernels, constants);
    SimdConv conv = new SimdConv(kernels, pool, workspaces, constants);
    ActivationLoops activations = new ActivationLoops(kernels);
    this.families = Map.of(
        ConvolutionKernels.class, new SimdConvolution(volumes, conv),
        FusedConvolutionKernels.class, new SimdFusedConvolution(volumes, conv, kernels, activations),
        PoolingKernels.class, new SimdPooling(volumes, new SimdPool(kernels, pool, workspaces)),
        ActivationKernels.class, new SimdActivations(volumes, elementwise, activations),
        NormalizationKernels.class, new SimdNormalization(volumes, elementwise),
        LossKernels.class, new SimdLosses(volumes),
        OptimizerKernels.class, new SimdOptimizerMath(volumes, elementwise),
        LayoutKernels.class, new SimdLayout(volumes, elementwise));
  }

  @Override
  public String name() {
    return SimdBackendProvider.NAME;
  }

  @Override
  public <F extends KernelFamily> Optional<F> nativeFamily(Class<F> family) {
    return Optional.ofNullable(families.get(family)).map(family::cast);
  }

  // ---- storage --------------------------------------------------------------------------

  @Override
  public Volume allocate(Shape shape) {
    return arrays.allocate(this, shape, true);
  }

  @Override
  public Volume allocateForOverwrite(Shape shape) {
    return arrays.allocate(this, shape, false);
  }

  /** The recycled arrays behind {@link #allocate}, for tests. */
  ArrayRecycling arrays() {
    return arrays;
  }

  @Override
  public void copy(Volume src, Volume dst) {
    ArrayVolume s = volumes.own(src, "copy source");
    ArrayVolume d = volumes.own(dst, s.size(), "copy destination");
    elementwise.copy(s.array(), s.offset(), d.array(), d.offset(), s.size());
  }

  @Override
  public void fill(Volume x, float value) {
    ArrayVolume v = volumes.own(x, "fill target");
    elementwise.fill(v.array(), v.offset(), v.size(), value);
  }

  // ---- arithmetic -----------------------------------------------------------------------

  @Override
  public void gemm(boolean transA, boolean transB, float alpha, Volume a, Volume b, float beta, Volume c) {
    ArrayVolume av = volumes.own(a, "gemm a");
    ArrayVolume bv = volumes.own(b, "gemm b");
    ArrayVolume cv = volumes.own(c, "gemm c");
    int aCols = av.shape().matrixColumns();
    int bCols = bv.shape().matrixColumns();
    int m = transA ? aCols : av.shape().matrixRows();
    int k = transA ? av.shape().matrixRows() : aCols;
    int kb = transB ? bCols : bv.shape().matrixRows();
    int n = transB ? bv.shape().matrixRows() : bCols;
    if (k != kb) {
      throw new ShapeException("gemm: op(a) is " + m + "x" + k + " (a " + av.shape() + (transA ? " transposed" : "")
          + ") but op(b) is " + kb + "x" + n + " (b " + bv.shape() + (transB ? " transposed" : "")
          + "); the inner dimensions must be equal");
    }
    if (cv.shape().matrixRows() != m || cv.shape().matrixColumns() != n) {
      throw new ShapeException("gemm: the product is " + m + "x" + n + " but c " + cv.shape() + " is viewed as "
          + cv.shape().matrixRows() + "x" + cv.shape().matrixColumns());
    }
    ParallelGemm.multiply(kernels, pool, workspaces, transA, transB, m, n, k, alpha, av.array(), av.offset(), aCols,
        bv.array(), bv.offset(), bCols, beta, cv.array(), cv.offset(), n);
  }

  @Override
  public void axpby(float alpha, Volume x, float beta, Volume y) {
    ArrayVolume in = volumes.own(x, "axpby x");
    ArrayVolume out = volumes.own(y, in.size(), "axpby y");
    elementwise.axpby(alpha, in.array(), in.offset(), beta, out.array(), out.offset(), in.size());
  }

  /** {@link #axpby} with {@code beta} 1 without the multiply by one, which changes no value. */
  @Override
  public void axpy(float alpha, Volume x, Volume y) {
    ArrayVolume in = volumes.own(x, "axpy x");
    ArrayVolume out = volumes.own(y, in.size(), "axpy y");
    elementwise.axpy(alpha, in.array(), in.offset(), out.array(), out.offset(), in.size());
  }

  @Override
  public void scale(Volume x, float alpha) {
    ArrayVolume v = volumes.own(x, "scale x");
    elementwise.scale(v.array(), v.offset(), v.size(), alpha);
  }

  @Override
  public void multiply(Volume a, Volume b, Volume out) {
    ArrayVolume left = volumes.own(a, "multiply a");
    ArrayVolume right = volumes.own(b, left.size(), "multiply b");
    ArrayVolume result = volumes.own(out, left.size(), "multiply out");
    elementwise.multiply(left.array(), left.offset(), right.array(), right.offset(), result.array(), result.offset(),
        left.size());
  }

  @Override
  public void addChannelBias(Volume y, Volume bias) {
    ArrayVolume out = volumes.own(y, "addChannelBias y");
    ChannelLayout s = ChannelLayout.of(out.shape(), "addChannelBias y");
    ArrayVolume b = volumes.own(bias, s.channels(), "bias");
    elementwise.addChannelBias(out.array(), out.offset(), b.array(), b.offset(), s.items(), s.channels(), s.inner());
  }

  @Override
  public void accumulateChannelBiasGradient(Volume dy, Volume dBias) {
    ArrayVolume grad = volumes.own(dy, "accumulateChannelBiasGradient dy");
    ChannelLayout s = ChannelLayout.of(grad.shape(), "accumulateChannelBiasGradient dy");
    ArrayVolume db = volumes.own(dBias, s.channels(), "dBias");
    elementwise.accumulateChannelBiasGradient(grad.array(), grad.offset(), db.array(), db.offset(), s.items(),
        s.channels(), s.inner());
  }

  @Override
  public void close() {
    pool.close();
    workspaces.clear();
    arrays.clear();
  }

  @Override
  public String toString() {
    return "SimdBackend[" + kernels.description() + ", " + pool.threads() + " threads]";
  }
}
