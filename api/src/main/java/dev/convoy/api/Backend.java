package dev.convoy.api;

import java.util.Optional;

/**
 * A compute backend, the small core: it owns volume storage and runs the few kernels every network
 * needs. Everything else comes in kernel families ({@code dev.convoy.api.kernels}), which a backend
 * implements or not; see {@link #nativeFamily}.
 *
 * <p><b>Contract.</b> Every volume argument must come from this backend. Shapes are checked by the
 * calling layer before a kernel runs; a backend may check again and throw {@link ShapeException}.
 * Kernels that produce an output overwrite it; kernels whose name says "accumulate" add to it.
 * Results must match the {@code reference} backend within float32 rounding; {@code backend-tck}
 * checks that. {@link #gemm} views a volume {@code [d0, d1, ...]} as a row-major matrix of
 * {@code d0} rows and {@code d1*d2*...} columns.
 *
 * <p><b>Data stays here.</b> Nothing in the core reads values back: the runtime reads a volume
 * only through {@link Volume#toArray()}, for scalars it reports and for results a user asked for.
 *
 * <p><b>Threading and life cycle.</b> Made by {@link BackendProvider#create()}; calls that write the
 * same volume must not overlap. {@link #close()} frees what the backend holds; its volumes must
 * not be used after it.
 */
public interface Backend extends AutoCloseable {

  /** The name users select it by, e.g. {@code reference}; the same as its provider's. */
  String name();

  /** A new zero-filled volume. */
  Volume allocate(Shape shape);

  /** A new volume whose values are unspecified, for an output the next kernel overwrites entirely. */
  default Volume allocateForOverwrite(Shape shape) {
    return allocate(shape);
  }

  /** A new volume holding a copy of {@code values} (length must equal the shape's size). */
  default Volume upload(Shape shape, float[] values) {
    Volume v = allocateForOverwrite(shape);
    v.write(values);
    return v;
  }

  /** Copies {@code src} into {@code dst}; same size required. */
  void copy(Volume src, Volume dst);

  /** Sets every value of {@code x} to {@code value}. */
  void fill(Volume x, float value);

  /**
   * {@code c = alpha * op(a) * op(b) + beta * c} on the matrix views, {@code op(m)} being {@code m}
   * or its transpose. With {@code beta == 0} the old contents of {@code c} are ignored (even NaN).
   */
  void gemm(boolean transA, boolean transB, float alpha, Volume a, Volume b, float beta, Volume c);

  /** {@code y = alpha * x + beta * y} in place, rounded as {@code (beta * y) + (alpha * x)}; same size. */
  void axpby(float alpha, Volume x, float beta, Volume y);

  /** {@code y += alpha * x}: {@link #axpby} with {@code beta} 1, which rounds the same. */
  default void axpy(float alpha, Volume x, Volume y) {
    axpby(alpha, x, 1f, y);
  }

  /** {@code x *= alpha}, in place. */
  void scale(Volume x, float alpha);

  /** {@code out = a * b} elementwise; {@code out} may be {@code a} or {@code b}. */
  void multiply(Volume a, Volume b, Volume out);

  /**
   * Adds {@code bias[ch]} to every value of channel {@code ch} (dimension 1) of {@code y}, in place:
   * the bias of CONV ({@code [N, K, H, W]}) and FC ({@code [N, K]}) layers.
   */
  void addChannelBias(Volume y, Volume bias);

  /** Accumulates into {@code dBias[ch]} the sum of {@code dy} over the batch and positions of channel {@code ch}. */
  void accumulateChannelBiasGradient(Volume dy, Volume dBias);

  /**
   * How many copies between host memory and this backend's storage it has made so far (each
   * {@code upload}, {@link Volume#write} and {@link Volume#toArray} of a device volume is one):
   * what {@code convoy bench --profile} reports per iteration. Default 0, for backends whose
   * storage is host memory.
   */
  default long hostTransfers() {
    return 0;
  }

  /**
   * Returns once every call made so far has finished its work. Calls on a device may only be
   * queued when they return; profiling waits here after each call so its time is charged to the
   * call that spent it. Default: nothing to wait for, for backends that compute as they are called.
   */
  default void finish() {}

  /**
   * This backend's own implementation of kernel family {@code family}, or empty when it has none.
   * Callers do not ask this directly: they use {@link Kernels#family}, which falls back to the
   * host (the reference backend's kernels on copies of the volumes) and says so once. Default:
   * no family, a core-only backend.
   */
  default <F extends KernelFamily> Optional<F> nativeFamily(Class<F> family) {
    return Optional.empty();
  }

  /** Frees what the backend holds. Default: nothing. */
  @Override
  default void close() {}
}
