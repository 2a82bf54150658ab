package dev.convoy.api;

/**
 * A compute backend: owns volume storage and runs the kernels every layer is built from.
 *
 * <p><b>Contract.</b> Every volume argument must come from this backend. Shapes are checked by the
 * calling layer before a kernel runs; a backend may check again and throw {@link ShapeException}.
 * Kernels that produce an input gradient or an output <em>overwrite</em> their destination; kernels
 * whose name says "accumulate" (parameter gradients) <em>add</em> to it, because the runtime zeroes
 * parameter gradients once per step and several uses may contribute. Results must match the
 * {@code reference} backend within float32 rounding; the {@code backend-tck} module checks that.
 *
 * <p><b>Matrices.</b> {@link #gemm} views a volume of shape {@code [d0, d1, ...]} as a row-major
 * matrix with {@code d0} rows and {@code d1*d2*...} columns, so an FC input {@code [N, C, H, W]} is
 * the {@code N x CHW} matrix the notes describe without a copy.
 *
 * <p><b>Threading and life cycle.</b> Made by {@link BackendProvider#create()}; one backend may be
 * shared by several networks and called from several threads, but calls that write the same volume
 * must not overlap. A backend may use threads of its own inside a kernel. {@link #close()} frees
 * what the backend holds (thread pools, device contexts); volumes must not be used after it.
 *
 * <p>New kernels are added as {@code default} methods so that third-party backends keep compiling.
 */
public interface Backend extends AutoCloseable {

  /** The name users select it by, e.g. {@code reference}; the same as its provider's. */
  String name();

  // ---- storage --------------------------------------------------------------------------

  /** A new zero-filled volume. */
  Volume allocate(Shape shape);

  /** A new volume holding a copy of {@code values} (length must equal the shape's size). */
  default Volume upload(Shape shape, float[] values) {
    Volume v = allocate(shape);
    v.write(values);
    return v;
  }

  /** Copies {@code src} into {@code dst}; same size required. */
  void copy(Volume src, Volume dst);

  /** Sets every value of {@code x} to {@code value}. */
  void fill(Volume x, float value);

  // ---- linear algebra -------------------------------------------------------------------

  /**
   * {@code c = alpha * op(a) * op(b) + beta * c} on the matrix views of the volumes, where
   * {@code op(m)} is {@code m} or its transpose. With {@code beta == 0} the old contents of
   * {@code c} are ignored (even NaN).
   */
  void gemm(boolean transA, boolean transB, float alpha, Volume a, Volume b, float beta, Volume c);

  /** Adds {@code bias[ch]} to every value of channel {@code ch} (dimension 1) of {@code y}, in place. */
  void addChannelBias(Volume y, Volume bias);

  /** Accumulates into {@code dBias[ch]} the sum of {@code dy} over the batch and spatial positions of channel {@code ch}. */
  void accumulateChannelBiasGradient(Volume dy, Volume dBias);

  // ---- convolution ----------------------------------------------------------------------

  /**
   * Unrolls every receptive field of image {@code image} of {@code x} into a column of {@code col}
   * ({@code [c*kh*kw, outH*outW]}, see {@link ConvGeometry#colShape()}); padding reads as zero.
   */
  void im2col(Volume x, int image, ConvGeometry g, Volume col);

  /** The adjoint of {@link #im2col}: adds every column of {@code col} back into image {@code image} of {@code dx}. */
  void col2im(Volume col, ConvGeometry g, Volume dx, int image);

  /** {@code y = conv(x, w) + bias} for the whole batch; {@code bias} may be null. Overwrites {@code y}. */
  void convForward(Volume x, Volume w, Volume bias, Volume y, ConvGeometry g);

  /** The gradient with respect to the input, {@code dx}, from {@code dy}. Overwrites {@code dx}. */
  void convBackwardData(Volume dy, Volume w, Volume dx, ConvGeometry g);

  /** Accumulates the gradient with respect to the filters into {@code dw}. */
  void convAccumulateFilterGradient(Volume x, Volume dy, Volume dw, ConvGeometry g);

  // ---- pooling --------------------------------------------------------------------------

  /**
   * Pools {@code x} into {@code y}. For {@link PoolKind#MAX}, {@code switches} (same shape as
   * {@code y}) receives the index {@code ih * w + iw} of each window's winner within its input
   * plane, for {@link #poolBackward}; it may be null when no backward pass will follow.
   */
  void poolForward(PoolGeometry g, Volume x, Volume y, Volume switches);

  /**
   * The input gradient of pooling. Max routes {@code dy} to the recorded switches; average spreads
   * it evenly; L2 uses {@code dy * x / y}. Overwrites {@code dx}.
   */
  void poolBackward(PoolGeometry g, Volume x, Volume y, Volume dy, Volume switches, Volume dx);

  // ---- elementwise and reductions -------------------------------------------------------

  /** {@code y = max(0, x)}; {@code y} may be {@code x}. */
  void relu(Volume x, Volume y);

  /** {@code dx = dy where y > 0, else 0}; {@code y} is the forward output. */
  void reluBackward(Volume y, Volume dy, Volume dx);

  /** {@code out = a * b} elementwise; {@code out} may be {@code a} or {@code b}. */
  void multiply(Volume a, Volume b, Volume out);

  /** {@code y += alpha * x}. */
  void axpy(float alpha, Volume x, Volume y);

  /** {@code x *= alpha}, in place. */
  void scale(Volume x, float alpha);

  /** The sum of all values, accumulated in double. */
  double sum(Volume x);

  // ---- classifiers and losses over scores [N, K] ----------------------------------------

  /** Row-wise softmax of {@code scores} (viewed as {@code N x K}) into {@code probabilities}. */
  void softmax(Volume scores, Volume probabilities);

  /**
   * Mean softmax cross-entropy of {@code scores} against {@code labels} ({@code [N]}, class
   * indices stored as floats); writes the gradient of that mean into {@code dScores}.
   */
  float softmaxCrossEntropy(Volume scores, Volume labels, Volume dScores);

  /**
   * Mean multiclass SVM (hinge) loss of the notes: for each row, the sum over wrong classes
   * {@code j} of {@code max(0, s_j - s_label + margin)}; writes the gradient of that mean into
   * {@code dScores}.
   */
  float multiclassHinge(Volume scores, Volume labels, float margin, Volume dScores);

  /** Frees what the backend holds. Default: nothing. */
  @Override
  default void close() {}
}
