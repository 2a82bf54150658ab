package dev.convoy.backends.simd;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvGeometry;
import dev.convoy.api.PoolGeometry;
import dev.convoy.api.PoolKind;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import dev.convoy.api.support.ArrayLosses;
import dev.convoy.api.support.ArrayVolume;
import dev.convoy.api.support.ChannelLayout;

/**
 * The simd backend: the kernels of {@link Backend} with vector instructions and every core.
 * Volumes are {@code float[]} as in the reference backend. This class checks the arguments (owner,
 * open, shapes) and hands the arithmetic to {@link ParallelGemm}, {@link SimdConv},
 * {@link SimdIm2col}, {@link SimdPool}, {@link SimdElementwise} and {@link ArrayLosses}, which do
 * their inner loops through one {@link Kernels} and run their tasks on one {@link WorkerPool}.
 */
final class SimdBackend implements Backend {
  private final Kernels kernels;
  private final WorkerPool pool;
  private final Workspace.Pool workspaces = new Workspace.Pool();
  private final SimdConv conv;
  private final SimdPool pooling;
  private final SimdElementwise elementwise;
  private final ArrayRecycling arrays;

  /** A backend running {@code kernels} on {@code threads} threads (the caller's included). */
  SimdBackend(Kernels kernels, int threads) {
    this.kernels = kernels;
    this.pool = new WorkerPool(threads);
    this.conv = new SimdConv(kernels, pool, workspaces);
    this.pooling = new SimdPool(kernels, pool, workspaces);
    this.elementwise = new SimdElementwise(kernels, pool);
    this.arrays = new ArrayRecycling(kernels);
  }

  @Override
  public String name() {
    return SimdBackendProvider.NAME;
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
    ArrayVolume s = own(src, "copy source");
    ArrayVolume d = own(dst, "copy destination").requireSize(s.size(), "copy destination");
    elementwise.copy(s.array(), s.offset(), d.array(), d.offset(), s.size());
  }

  @Override
  public void fill(Volume x, float value) {
    ArrayVolume v = own(x, "fill target");
    elementwise.fill(v.array(), v.offset(), v.size(), value);
  }

  // ---- linear algebra -------------------------------------------------------------------

  @Override
  public void gemm(boolean transA, boolean transB, float alpha, Volume a, Volume b, float beta, Volume c) {
    ArrayVolume av = own(a, "gemm a");
    ArrayVolume bv = own(b, "gemm b");
    ArrayVolume cv = own(c, "gemm c");
    int aCols = cols(av.shape());
    int bCols = cols(bv.shape());
    int m = transA ? aCols : rows(av.shape());
    int k = transA ? rows(av.shape()) : aCols;
    int kb = transB ? bCols : rows(bv.shape());
    int n = transB ? rows(bv.shape()) : bCols;
    if (k != kb) {
      throw new ShapeException("gemm: op(a) is " + m + "x" + k + " (a " + av.shape() + (transA ? " transposed" : "")
          + ") but op(b) is " + kb + "x" + n + " (b " + bv.shape() + (transB ? " transposed" : "")
          + "); the inner dimensions must be equal");
    }
    if (rows(cv.shape()) != m || cols(cv.shape()) != n) {
      throw new ShapeException("gemm: the product is " + m + "x" + n + " but c " + cv.shape() + " is viewed as "
          + rows(cv.shape()) + "x" + cols(cv.shape()));
    }
    ParallelGemm.multiply(kernels, pool, workspaces, transA, transB, m, n, k, alpha, av.array(), av.offset(), aCols,
        bv.array(), bv.offset(), bCols, beta, cv.array(), cv.offset(), n);
  }

  @Override
  public void addChannelBias(Volume y, Volume bias) {
    ArrayVolume out = own(y, "addChannelBias y");
    ChannelLayout s = ChannelLayout.of(out.shape(), "addChannelBias y");
    ArrayVolume b = own(bias, "bias").requireSize(s.channels(), "bias");
    elementwise.addChannelBias(out.array(), out.offset(), b.array(), b.offset(), s.items(), s.channels(), s.inner());
  }

  @Override
  public void accumulateChannelBiasGradient(Volume dy, Volume dBias) {
    ArrayVolume grad = own(dy, "accumulateChannelBiasGradient dy");
    ChannelLayout s = ChannelLayout.of(grad.shape(), "accumulateChannelBiasGradient dy");
    ArrayVolume db = own(dBias, "dBias").requireSize(s.channels(), "dBias");
    elementwise.accumulateChannelBiasGradient(grad.array(), grad.offset(), db.array(), db.offset(), s.items(),
        s.channels(), s.inner());
  }

  // ---- convolution ----------------------------------------------------------------------

  @Override
  public void im2col(Volume x, int image, ConvGeometry g, Volume col) {
    ArrayVolume in = own(x, "im2col x");
    g.requireImage(in.shape(), image, "im2col x");
    ArrayVolume out = own(col, "im2col col").requireSize(g.colShape().size(), "im2col col");
    SimdIm2col.im2col(kernels, in.array(), in.offset() + image * g.c() * g.h() * g.w(), g, 0, g.colRows(),
        out.array(), out.offset());
  }

  @Override
  public void col2im(Volume col, ConvGeometry g, Volume dx, int image) {
    ArrayVolume in = own(col, "col2im col").requireSize(g.colShape().size(), "col2im col");
    ArrayVolume out = own(dx, "col2im dx");
    g.requireImage(out.shape(), image, "col2im dx");
    SimdIm2col.col2im(kernels, in.array(), in.offset(), g, g.c(), out.array(),
        out.offset() + image * g.c() * g.h() * g.w());
  }

  @Override
  public void convForward(Volume x, Volume w, Volume bias, Volume y, ConvGeometry g) {
    ArrayVolume b = bias == null ? null : own(bias, "conv bias").requireSize(g.k(), "conv bias");
    ArrayVolume in = convInput(x, g, "conv x");
    ArrayVolume filters = convFilters(w, g, "conv w");
    ArrayVolume out = convOutput(y, g, "conv y");
    conv.forward(g, in.array(), in.offset(), filters.array(), filters.offset(), b == null ? null : b.array(),
        b == null ? 0 : b.offset(), out.array(), out.offset());
  }

  @Override
  public void convBackwardData(Volume dy, Volume w, Volume dx, ConvGeometry g) {
    ArrayVolume grad = convOutput(dy, g, "conv dy");
    ArrayVolume filters = convFilters(w, g, "conv w");
    ArrayVolume out = convInput(dx, g, "conv dx");
    conv.backwardData(g, grad.array(), grad.offset(), filters.array(), filters.offset(), out.array(), out.offset());
  }

  @Override
  public void convAccumulateFilterGradient(Volume x, Volume dy, Volume dw, ConvGeometry g) {
    ArrayVolume in = convInput(x, g, "conv x");
    ArrayVolume grad = convOutput(dy, g, "conv dy");
    ArrayVolume out = convFilters(dw, g, "conv dw");
    conv.accumulateFilterGradient(g, in.array(), in.offset(), grad.array(), grad.offset(), out.array(), out.offset());
  }

  // ---- pooling --------------------------------------------------------------------------

  @Override
  public void poolForward(PoolGeometry g, Volume x, Volume y, Volume switches) {
    ArrayVolume in = own(x, "pool x").requireShape(g.inputShape(), "pool x");
    ArrayVolume out = own(y, "pool y").requireShape(g.outputShape(), "pool y");
    ArrayVolume sw = switches == null ? null : own(switches, "pool switches").requireShape(g.outputShape(),
        "pool switches");
    pooling.forward(g, in.array(), in.offset(), out.array(), out.offset(), sw == null ? null : sw.array(),
        sw == null ? 0 : sw.offset());
  }

  @Override
  public void poolBackward(PoolGeometry g, Volume x, Volume y, Volume dy, Volume switches, Volume dx) {
    ArrayVolume in = own(x, "pool x").requireShape(g.inputShape(), "pool x");
    ArrayVolume out = g.kind() == PoolKind.L2 ? own(y, "pool y").requireShape(g.outputShape(), "pool y") : null;
    ArrayVolume grad = own(dy, "pool dy").requireShape(g.outputShape(), "pool dy");
    ArrayVolume sw = switches == null ? null : own(switches, "pool switches").requireShape(g.outputShape(),
        "pool switches");
    ArrayVolume dIn = own(dx, "pool dx").requireShape(g.inputShape(), "pool dx");
    pooling.backward(g, in.array(), in.offset(), out == null ? null : out.array(), out == null ? 0 : out.offset(),
        grad.array(), grad.offset(), sw == null ? null : sw.array(), sw == null ? 0 : sw.offset(), dIn.array(),
        dIn.offset());
  }

  // ---- elementwise and reductions -------------------------------------------------------

  @Override
  public void relu(Volume x, Volume y) {
    ArrayVolume in = own(x, "relu x");
    ArrayVolume out = own(y, "relu y").requireSize(in.size(), "relu y");
    elementwise.relu(in.array(), in.offset(), out.array(), out.offset(), in.size());
  }

  @Override
  public void reluBackward(Volume y, Volume dy, Volume dx) {
    ArrayVolume out = own(y, "reluBackward y");
    ArrayVolume grad = own(dy, "reluBackward dy").requireSize(out.size(), "reluBackward dy");
    ArrayVolume dIn = own(dx, "reluBackward dx").requireSize(out.size(), "reluBackward dx");
    elementwise.reluBackward(out.array(), out.offset(), grad.array(), grad.offset(), dIn.array(), dIn.offset(),
        out.size());
  }

  @Override
  public void multiply(Volume a, Volume b, Volume out) {
    ArrayVolume left = own(a, "multiply a");
    ArrayVolume right = own(b, "multiply b").requireSize(left.size(), "multiply b");
    ArrayVolume result = own(out, "multiply out").requireSize(left.size(), "multiply out");
    elementwise.multiply(left.array(), left.offset(), right.array(), right.offset(), result.array(), result.offset(),
        left.size());
  }

  @Override
  public void axpy(float alpha, Volume x, Volume y) {
    ArrayVolume in = own(x, "axpy x");
    ArrayVolume out = own(y, "axpy y").requireSize(in.size(), "axpy y");
    elementwise.axpy(alpha, in.array(), in.offset(), out.array(), out.offset(), in.size());
  }

  @Override
  public void axpby(float alpha, Volume x, float beta, Volume y) {
    ArrayVolume in = own(x, "axpby x");
    ArrayVolume out = own(y, "axpby y").requireSize(in.size(), "axpby y");
    elementwise.axpby(alpha, in.array(), in.offset(), beta, out.array(), out.offset(), in.size());
  }

  @Override
  public void momentumStep(float learningRate, float momentum, Volume gradient, Volume velocity, Volume value) {
    ArrayVolume g = own(gradient, "momentumStep gradient");
    ArrayVolume v = own(velocity, "momentumStep velocity").requireSize(g.size(), "momentumStep velocity");
    ArrayVolume w = own(value, "momentumStep value").requireSize(g.size(), "momentumStep value");
    elementwise.momentumStep(learningRate, momentum, g.array(), g.offset(), v.array(), v.offset(), w.array(),
        w.offset(), g.size());
  }

  @Override
  public void scale(Volume x, float alpha) {
    ArrayVolume v = own(x, "scale x");
    elementwise.scale(v.array(), v.offset(), v.size(), alpha);
  }

  @Override
  public double sum(Volume x) {
    ArrayVolume v = own(x, "sum x");
    return elementwise.sum(v.array(), v.offset(), v.size());
  }

  // ---- classifiers and losses -----------------------------------------------------------

  @Override
  public void softmax(Volume scores, Volume probabilities) {
    ArrayVolume s = own(scores, "softmax scores");
    ArrayVolume p = own(probabilities, "softmax probabilities").requireSize(s.size(), "softmax probabilities");
    ArrayLosses.softmax(s, p, rows(s.shape()), cols(s.shape()));
  }

  @Override
  public float softmaxCrossEntropy(Volume scores, Volume labels, Volume dScores) {
    ArrayVolume s = own(scores, "softmaxCrossEntropy scores");
    int rows = rows(s.shape());
    return ArrayLosses.softmaxCrossEntropy(s, lossLabels(labels, rows, "softmaxCrossEntropy"),
        lossGradient(dScores, s, "softmaxCrossEntropy dScores"), rows, cols(s.shape()));
  }

  @Override
  public float multiclassHinge(Volume scores, Volume labels, float margin, Volume dScores) {
    ArrayVolume s = own(scores, "multiclassHinge scores");
    int rows = rows(s.shape());
    return ArrayLosses.multiclassHinge(s, lossLabels(labels, rows, "multiclassHinge"), margin,
        lossGradient(dScores, s, "multiclassHinge dScores"), rows, cols(s.shape()));
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

  // ---- argument checks ------------------------------------------------------------------

  /** The volume as this backend's own, open volume, or a clear error naming its role. */
  private ArrayVolume own(Volume v, String role) {
    return ArrayVolume.owned(v, this, role);
  }

  /** Rows of the matrix view: dimension 0 (1 for a rank-0 volume). */
  private static int rows(Shape s) {
    return s.rank() == 0 ? 1 : s.dim(0);
  }

  /** Columns of the matrix view: the product of every dimension after the first. */
  private static int cols(Shape s) {
    int product = 1;
    for (int axis = 1; axis < s.rank(); axis++) {
      product *= s.dim(axis);
    }
    return product;
  }

  private ArrayVolume convInput(Volume v, ConvGeometry g, String role) {
    return own(v, role).requireShape(g.inputShape(), role);
  }

  private ArrayVolume convFilters(Volume v, ConvGeometry g, String role) {
    return own(v, role).requireShape(g.filterShape(), role);
  }

  private ArrayVolume convOutput(Volume v, ConvGeometry g, String role) {
    return own(v, role).requireShape(g.outputShape(), role);
  }

  private ArrayVolume lossLabels(Volume labels, int rows, String loss) {
    return own(labels, loss + " labels").requireSize(rows, loss + " labels (one class index per row)");
  }

  private ArrayVolume lossGradient(Volume dScores, ArrayVolume scores, String role) {
    return dScores == null ? null : own(dScores, role).requireSize(scores.size(), role);
  }
}
