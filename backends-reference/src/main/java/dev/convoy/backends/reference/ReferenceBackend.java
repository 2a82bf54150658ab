package dev.convoy.backends.reference;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvGeometry;
import dev.convoy.api.PoolGeometry;
import dev.convoy.api.PoolKind;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.api.support.ArrayLosses;
import dev.convoy.api.support.ArrayVolume;
import dev.convoy.api.support.ChannelLayout;

/**
 * The reference backend: every kernel as plain, obviously correct loops over {@code float[]}
 * storage, accumulating in double where sums are long. It is the oracle the {@code backend-tck}
 * compares every other backend with, and the fallback when nothing faster is available.
 *
 * <p>This class checks the arguments (owner, open, shapes) and hands the arithmetic to one class
 * per concern: {@link ReferenceGemm}, {@link ReferenceIm2col}, {@link ReferenceConv},
 * {@link ReferencePool}, {@link ReferenceElementwise} and {@link ArrayLosses}. The kernels
 * added later as {@code Backend} defaults (activations beyond ReLU, batch normalization and LRN,
 * channel copies, locally connected, optimizer arithmetic) are not overridden: their defaults are
 * already plain host loops ({@code dev.convoy.api.support.Host*}), which the TCK checks against
 * definitions of its own.
 */
public final class ReferenceBackend implements Backend {

  @Override
  public String name() {
    return ReferenceBackendProvider.NAME;
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

  // ---- linear algebra -------------------------------------------------------------------

  @Override
  public void gemm(boolean transA, boolean transB, float alpha, Volume a, Volume b, float beta, Volume c) {
    ReferenceGemm.gemm(transA, transB, alpha, own(a, "gemm a"), own(b, "gemm b"), beta, own(c, "gemm c"));
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

  // ---- convolution ----------------------------------------------------------------------

  @Override
  public void im2col(Volume x, int image, ConvGeometry g, Volume col) {
    ArrayVolume in = own(x, "im2col x");
    g.requireImage(in.shape(), image, "im2col x");
    ArrayVolume out = own(col, "im2col col").requireSize(g.colShape().size(), "im2col col");
    ReferenceIm2col.im2col(in.array(), in.offset(), image, g, out.array(), out.offset());
  }

  @Override
  public void col2im(Volume col, ConvGeometry g, Volume dx, int image) {
    ArrayVolume in = own(col, "col2im col").requireSize(g.colShape().size(), "col2im col");
    ArrayVolume out = own(dx, "col2im dx");
    g.requireImage(out.shape(), image, "col2im dx");
    ReferenceIm2col.col2im(in.array(), in.offset(), g, out.array(), out.offset(), image);
  }

  @Override
  public void convForward(Volume x, Volume w, Volume bias, Volume y, ConvGeometry g) {
    ArrayVolume b = bias == null ? null : own(bias, "conv bias").requireSize(g.k(), "conv bias");
    ReferenceConv.forward(g, convInput(x, g, "conv x"), convFilters(w, g, "conv w"), b, convOutput(y, g, "conv y"));
  }

  @Override
  public void convBackwardData(Volume dy, Volume w, Volume dx, ConvGeometry g) {
    ReferenceConv.backwardData(g, convOutput(dy, g, "conv dy"), convFilters(w, g, "conv w"),
        convInput(dx, g, "conv dx"));
  }

  @Override
  public void convAccumulateFilterGradient(Volume x, Volume dy, Volume dw, ConvGeometry g) {
    ReferenceConv.accumulateFilterGradient(g, convInput(x, g, "conv x"), convOutput(dy, g, "conv dy"),
        convFilters(dw, g, "conv dw"));
  }

  // ---- pooling --------------------------------------------------------------------------

  @Override
  public void poolForward(PoolGeometry g, Volume x, Volume y, Volume switches) {
    ReferencePool.forward(g, poolInput(x, g, "pool x"), poolOutput(y, g, "pool y"),
        switches == null ? null : poolOutput(switches, g, "pool switches"));
  }

  @Override
  public void poolBackward(PoolGeometry g, Volume x, Volume y, Volume dy, Volume switches, Volume dx) {
    ReferencePool.backward(g, poolInput(x, g, "pool x"),
        g.kind() == PoolKind.L2 ? poolOutput(y, g, "pool y") : null, poolOutput(dy, g, "pool dy"),
        switches == null ? null : poolOutput(switches, g, "pool switches"), poolInput(dx, g, "pool dx"));
  }

  // ---- elementwise and reductions -------------------------------------------------------

  @Override
  public void relu(Volume x, Volume y) {
    ArrayVolume in = own(x, "relu x");
    ReferenceElementwise.relu(in, own(y, "relu y").requireSize(in.size(), "relu y"));
  }

  @Override
  public void reluBackward(Volume y, Volume dy, Volume dx) {
    ArrayVolume out = own(y, "reluBackward y");
    ReferenceElementwise.reluBackward(out, own(dy, "reluBackward dy").requireSize(out.size(), "reluBackward dy"),
        own(dx, "reluBackward dx").requireSize(out.size(), "reluBackward dx"));
  }

  @Override
  public void multiply(Volume a, Volume b, Volume out) {
    ArrayVolume left = own(a, "multiply a");
    ReferenceElementwise.multiply(left, own(b, "multiply b").requireSize(left.size(), "multiply b"),
        own(out, "multiply out").requireSize(left.size(), "multiply out"));
  }

  @Override
  public void axpy(float alpha, Volume x, Volume y) {
    ArrayVolume in = own(x, "axpy x");
    ReferenceElementwise.axpy(alpha, in, own(y, "axpy y").requireSize(in.size(), "axpy y"));
  }

  @Override
  public void scale(Volume x, float alpha) {
    ReferenceElementwise.scale(own(x, "scale x"), alpha);
  }

  @Override
  public double sum(Volume x) {
    return ReferenceElementwise.sum(own(x, "sum x"));
  }

  // ---- classifiers and losses -----------------------------------------------------------

  @Override
  public void softmax(Volume scores, Volume probabilities) {
    ArrayVolume s = own(scores, "softmax scores");
    ArrayVolume p = own(probabilities, "softmax probabilities").requireSize(s.size(), "softmax probabilities");
    ArrayLosses.softmax(s, p, ReferenceGemm.rows(s.shape()), ReferenceGemm.cols(s.shape()));
  }

  @Override
  public float softmaxCrossEntropy(Volume scores, Volume labels, Volume dScores) {
    ArrayVolume s = own(scores, "softmaxCrossEntropy scores");
    int rows = ReferenceGemm.rows(s.shape());
    return ArrayLosses.softmaxCrossEntropy(s, lossLabels(labels, rows, "softmaxCrossEntropy"),
        lossGradient(dScores, s, "softmaxCrossEntropy dScores"), rows, ReferenceGemm.cols(s.shape()));
  }

  @Override
  public float multiclassHinge(Volume scores, Volume labels, float margin, Volume dScores) {
    ArrayVolume s = own(scores, "multiclassHinge scores");
    int rows = ReferenceGemm.rows(s.shape());
    return ArrayLosses.multiclassHinge(s, lossLabels(labels, rows, "multiclassHinge"), margin,
        lossGradient(dScores, s, "multiclassHinge dScores"), rows, ReferenceGemm.cols(s.shape()));
  }

  @Override
  public String toString() {
    return "ReferenceBackend";
  }

  // ---- argument checks ------------------------------------------------------------------

  /** The volume as this backend's own, open volume, or a clear error naming its role. */
  private ArrayVolume own(Volume v, String role) {
    return ArrayVolume.owned(v, this, role);
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

  private ArrayVolume poolInput(Volume v, PoolGeometry g, String role) {
    return own(v, role).requireShape(g.inputShape(), role);
  }

  private ArrayVolume poolOutput(Volume v, PoolGeometry g, String role) {
    return own(v, role).requireShape(g.outputShape(), role);
  }

  private ArrayVolume lossLabels(Volume labels, int rows, String loss) {
    return own(labels, loss + " labels").requireSize(rows, loss + " labels (one class index per row)");
  }

  private ArrayVolume lossGradient(Volume dScores, ArrayVolume scores, String role) {
    return dScores == null ? null : own(dScores, role).requireSize(scores.size(), role);
  }
}
