package dev.convoy.api;

import dev.convoy.api.support.HostActivations;
import dev.convoy.api.support.HostBatchNorm;
import dev.convoy.api.support.HostChannels;
import dev.convoy.api.support.HostLocallyConnected;
import dev.convoy.api.support.HostLrn;
import dev.convoy.api.support.HostOptimizerMath;

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
 * Their defaults run on the host through {@link Volume#toArray()} and {@link Volume#write} (the
 * {@code Host*} classes of {@code dev.convoy.api.support}), so every backend supports them at once
 * and overrides them when it has something faster.
 */
public interface Backend extends AutoCloseable {

  /** The name users select it by, e.g. {@code reference}; the same as its provider's. */
  String name();

  // ---- storage --------------------------------------------------------------------------

  /** A new zero-filled volume. */
  Volume allocate(Shape shape);

  /**
   * A new volume whose values are unspecified (zeros, or values this backend held before), for
   * an output that the next operation overwrites entirely: a kernel documented to overwrite, or
   * {@link #gemm} with {@code beta == 0}. Backends that recycle storage skip zeroing it (a LeNet
   * training step allocates about 40 MB). Defaults to {@link #allocate}.
   */
  default Volume allocateForOverwrite(Shape shape) {
    return allocate(shape);
  }

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

  // ---- more activations (defaults run on the host; see support.HostActivations) ---------

  /** {@code y = x > 0 ? x : alpha * x}; {@code y} may be {@code x}. Overwrites {@code y}. */
  default void leakyRelu(float alpha, Volume x, Volume y) {
    HostActivations.leakyRelu(alpha, x, y);
  }

  /** {@code dx = x > 0 ? dy : alpha * dy}, from the forward input {@code x}. Overwrites {@code dx}. */
  default void leakyReluBackward(float alpha, Volume x, Volume dy, Volume dx) {
    HostActivations.leakyReluBackward(alpha, x, dy, dx);
  }

  /** {@code y = min(max(x, min), max)} (ReLU6 is {@code clip(0, 6)}); {@code y} may be {@code x}. Overwrites {@code y}. */
  default void clip(float min, float max, Volume x, Volume y) {
    HostActivations.clip(min, max, x, y);
  }

  /**
   * {@code dx = min < x < max ? dy : 0}, from the forward input {@code x}: no gradient at the
   * bounds, as PyTorch's ReLU6/hardtanh and as {@link #reluBackward} at 0. Overwrites {@code dx}.
   */
  default void clipBackward(float min, float max, Volume x, Volume dy, Volume dx) {
    HostActivations.clipBackward(min, max, x, dy, dx);
  }

  /** {@code y = 1 / (1 + exp(-x))}; {@code y} may be {@code x}. Overwrites {@code y}. */
  default void sigmoid(Volume x, Volume y) {
    HostActivations.sigmoid(x, y);
  }

  /** {@code dx = dy * y * (1 - y)}, from the forward output {@code y}. Overwrites {@code dx}. */
  default void sigmoidBackward(Volume y, Volume dy, Volume dx) {
    HostActivations.sigmoidBackward(y, dy, dx);
  }

  /** {@code y = tanh(x)}; {@code y} may be {@code x}. Overwrites {@code y}. */
  default void tanh(Volume x, Volume y) {
    HostActivations.tanh(x, y);
  }

  /** {@code dx = dy * (1 - y^2)}, from the forward output {@code y}. Overwrites {@code dx}. */
  default void tanhBackward(Volume y, Volume dy, Volume dx) {
    HostActivations.tanhBackward(y, dy, dx);
  }

  // ---- normalization (defaults run on the host; see support.HostBatchNorm, HostLrn) ------
  // Volumes of rank 2 or more are seen as [N, C, inner] (support.ChannelLayout); statistics and
  // gamma/beta are [C]-sized.

  /**
   * Writes each channel's mean and biased variance (divided by {@code N*inner}) over the batch and
   * every position. Overwrites {@code mean} and {@code variance}.
   */
  default void channelMeanAndVariance(Volume x, Volume mean, Volume variance) {
    HostBatchNorm.channelMeanAndVariance(x, mean, variance);
  }

  /**
   * Batch normalization with the given statistics (the batch's while training, the running ones
   * for inference): {@code y = gamma * (x - mean) / sqrt(variance + epsilon) + beta} per channel.
   * Overwrites {@code y}.
   */
  default void batchNormForward(Volume x, Volume gamma, Volume beta, Volume mean, Volume variance, float epsilon,
      Volume y) {
    HostBatchNorm.forward(x, gamma, beta, mean, variance, epsilon, y);
  }

  /**
   * The backward pass of {@link #batchNormForward}. With {@code batchStatistics} the statistics are
   * the batch's own (from {@link #channelMeanAndVariance} of {@code x}) and their dependence on
   * {@code x} is part of {@code dx}; without, they are constants. Overwrites {@code dx};
   * accumulates {@code dGamma += sum(dy * xhat)} and {@code dBeta += sum(dy)}.
   */
  default void batchNormBackward(Volume x, Volume dy, Volume gamma, Volume mean, Volume variance, float epsilon,
      boolean batchStatistics, Volume dx, Volume dGamma, Volume dBeta) {
    HostBatchNorm.backward(x, dy, gamma, mean, variance, epsilon, batchStatistics, dx, dGamma, dBeta);
  }

  /**
   * Local response normalization across channels (AlexNet; PyTorch's {@code LocalResponseNorm}):
   * {@code y_c = x_c / (k + alpha/size * sum_{c' = c - size/2}^{c + (size-1)/2} x_c'^2)^beta}, the
   * window clipped to the channels. Overwrites {@code y}.
   */
  default void lrnForward(Volume x, int size, float alpha, float beta, float k, Volume y) {
    HostLrn.forward(x, size, alpha, beta, k, y);
  }

  /** The input gradient of {@link #lrnForward} from the forward input {@code x}. Overwrites {@code dx}. */
  default void lrnBackward(Volume x, Volume dy, int size, float alpha, float beta, float k, Volume dx) {
    HostLrn.backward(x, dy, size, alpha, beta, k, dx);
  }

  // ---- layout (default runs on the host; see support.HostChannels) ------------------------

  /**
   * Copies channels {@code [srcChannel, srcChannel + channels)} of {@code src} into channels
   * {@code [dstChannel, dstChannel + channels)} of {@code dst} for every item and position (both
   * seen as {@code [N, C, inner]} with the same N and inner): channel concatenation and its
   * backward. Overwrites those channels of {@code dst} only.
   */
  default void copyChannels(Volume src, int srcChannel, Volume dst, int dstChannel, int channels) {
    HostChannels.copyChannels(src, srcChannel, dst, dstChannel, channels);
  }

  // ---- locally connected (defaults run on the host; see support.HostLocallyConnected) ----

  /**
   * A convolution without parameter sharing: every output position {@code p = oh*outW + ow} has
   * its own filters, {@code w} of shape {@code [outH*outW, K, C*kh*kw]} (taps in im2col row
   * order); {@code g} has one group. No bias. Overwrites {@code y}.
   */
  default void locallyConnectedForward(Volume x, Volume w, Volume y, ConvGeometry g) {
    HostLocallyConnected.forward(x, w, y, g);
  }

  /** The input gradient of {@link #locallyConnectedForward}. Overwrites {@code dx}. */
  default void locallyConnectedBackwardData(Volume dy, Volume w, Volume dx, ConvGeometry g) {
    HostLocallyConnected.backwardData(dy, w, dx, g);
  }

  /** Accumulates the weight gradient of {@link #locallyConnectedForward} into {@code dw}. */
  default void locallyConnectedAccumulateWeightGradient(Volume x, Volume dy, Volume dw, ConvGeometry g) {
    HostLocallyConnected.accumulateWeightGradient(x, dy, dw, g);
  }

  // ---- optimizer arithmetic (defaults run on the host; see support.HostOptimizerMath) -----

  /**
   * {@code y = alpha * x + beta * y}, in place: a momentum buffer's {@code v = mu * v + g} in one
   * pass instead of {@link #scale} then {@link #axpy}, rounded as those two round it ({@code beta *
   * y} and {@code alpha * x}, then their sum).
   */
  default void axpby(float alpha, Volume x, float beta, Volume y) {
    scale(y, beta);
    axpy(alpha, x, y);
  }

  /**
   * One step of SGD with momentum, in place: {@code velocity = momentum * velocity + gradient},
   * then {@code value -= learningRate * velocity}. One pass over the three volumes instead of
   * {@link #axpby} then {@link #axpy}, rounded as those two round it.
   */
  default void momentumStep(float learningRate, float momentum, Volume gradient, Volume velocity, Volume value) {
    axpby(1f, gradient, momentum, velocity);
    axpy(-learningRate, velocity, value);
  }

  /** {@code acc = decay * acc + weight * x^2}: the squared-gradient caches of Adagrad, RMSProp and Adam. In place. */
  default void accumulateSquares(float decay, float weight, Volume x, Volume acc) {
    HostOptimizerMath.accumulateSquares(decay, weight, x, acc);
  }

  /**
   * {@code y += alpha * numerator / (sqrtScale * sqrt(squares) + epsilon)}: the adaptive step of
   * Adagrad, RMSProp and Adam. In place.
   */
  default void addQuotientBySqrt(float alpha, Volume numerator, Volume squares, float sqrtScale, float epsilon,
      Volume y) {
    HostOptimizerMath.addQuotientBySqrt(alpha, numerator, squares, sqrtScale, epsilon, y);
  }

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
