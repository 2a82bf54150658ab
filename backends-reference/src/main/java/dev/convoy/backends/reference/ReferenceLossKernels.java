package dev.convoy.backends.reference;

import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.LossKernels;
import dev.convoy.api.support.ArrayVolume;

/**
 * The reference {@link LossKernels}: checks owner and sizes (scores {@code [N, K]} as a matrix view,
 * labels {@code [N]}, a loss or count of one value), then runs {@link ReferenceLosses}.
 */
final class ReferenceLossKernels implements LossKernels {
  private final ReferenceBackend backend;

  ReferenceLossKernels(ReferenceBackend backend) {
    this.backend = backend;
  }

  @Override
  public void softmax(Volume scores, Volume probabilities) {
    ArrayVolume s = backend.own(scores, "softmax scores");
    ArrayVolume p = backend.own(probabilities, "softmax probabilities").requireSize(s.size(), "softmax probabilities");
    ReferenceLosses.softmax(s, p, rows(s), classes(s));
  }

  @Override
  public void softmaxCrossEntropy(Volume scores, Volume labels, Volume loss, Volume dScores) {
    ArrayVolume s = scores(scores, "softmaxCrossEntropy");
    ArrayVolume l = labels(labels, s, "softmaxCrossEntropy");
    ArrayVolume out = scalar(loss, "softmaxCrossEntropy loss");
    float value = ReferenceLosses.softmaxCrossEntropy(s, l, gradient(dScores, s, "softmaxCrossEntropy dScores"),
        rows(s), classes(s));
    out.set(0, value);
  }

  @Override
  public void multiclassHinge(Volume scores, Volume labels, float margin, Volume loss, Volume dScores) {
    ArrayVolume s = scores(scores, "multiclassHinge");
    ArrayVolume l = labels(labels, s, "multiclassHinge");
    ArrayVolume out = scalar(loss, "multiclassHinge loss");
    float value = ReferenceLosses.multiclassHinge(s, l, margin, gradient(dScores, s, "multiclassHinge dScores"),
        rows(s), classes(s));
    out.set(0, value);
  }

  @Override
  public void argmax(Volume scores, Volume indices) {
    ArrayVolume s = scores(scores, "argmax");
    ArrayVolume out = backend.own(indices, "argmax indices").requireSize(rows(s), "argmax indices (one per row)");
    int rows = rows(s);
    int classes = classes(s);
    int[] best = new int[rows];
    for (int r = 0; r < rows; r++) {
      best[r] = ReferenceLosses.argmax(s, r, classes);
    }
    // Written after every row was read, in case indices shares storage with scores.
    for (int r = 0; r < rows; r++) {
      out.set(r, best[r]);
    }
  }

  @Override
  public void accumulateCorrect(Volume scores, Volume labels, Volume correct) {
    ArrayVolume s = scores(scores, "accumulateCorrect");
    ArrayVolume l = labels(labels, s, "accumulateCorrect");
    ArrayVolume count = scalar(correct, "accumulateCorrect correct");
    count.set(0, count.get(0) + ReferenceLosses.countCorrect(s, l, rows(s), classes(s)));
  }

  /** Scores with at least one class per row, or a clear error (argmax of nothing is undefined). */
  private ArrayVolume scores(Volume scores, String kernel) {
    ArrayVolume s = backend.own(scores, kernel + " scores");
    if (rows(s) > 0 && classes(s) == 0) {
      throw new ShapeException(kernel + " scores " + s.shape() + " have no classes");
    }
    return s;
  }

  private ArrayVolume labels(Volume labels, ArrayVolume scores, String kernel) {
    return backend.own(labels, kernel + " labels").requireSize(rows(scores), kernel + " labels (one class index per row)");
  }

  private ArrayVolume scalar(Volume v, String role) {
    return backend.own(v, role).requireSize(1, role + " (one value)");
  }

  private ArrayVolume gradient(Volume dScores, ArrayVolume scores, String role) {
    return dScores == null ? null : backend.own(dScores, role).requireSize(scores.size(), role);
  }

  private static int rows(ArrayVolume scores) {
    return scores.shape().matrixRows();
  }

  private static int classes(ArrayVolume scores) {
    return scores.shape().matrixColumns();
  }
}
