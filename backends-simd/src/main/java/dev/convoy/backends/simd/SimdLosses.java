package dev.convoy.backends.simd;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.LossKernels;
import dev.convoy.api.support.ArrayVolume;
import java.util.Arrays;

/**
 * The {@link LossKernels} family over scores viewed as {@code N x K}: the reference backend's maths,
 * in double and in the same order, so losses and gradients match it bit for bit. They run once per
 * batch on a few thousand values, so plain loops on the caller are enough. Losses are means over
 * the batch, so their gradients carry a {@code 1/N}. Each row's gradient is written after everything
 * it needs from the row was read, so {@code dScores} may be {@code scores}.
 */
final class SimdLosses implements LossKernels {
  private final OwnVolumes volumes;

  SimdLosses(OwnVolumes volumes) {
    this.volumes = volumes;
  }

  /** Scores as rows of classes: the array, where row 0 starts, and the matrix view's size. */
  private record Rows(float[] values, int offset, int rows, int classes) {
    static Rows of(ArrayVolume v) {
      return new Rows(v.array(), v.offset(), v.shape().matrixRows(), v.shape().matrixColumns());
    }

    float get(int r, int j) {
      return values[offset + r * classes + j];
    }

    /** The row's maximum, as a double; the start of every softmax, so that {@code exp} cannot overflow. */
    double max(int r) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < classes; j++) {
        max = Math.max(max, get(r, j));
      }
      return max;
    }

    /**
     * Index of the row's highest score: the first one on ties, and the first NaN if there is one
     * (NaN wins, as in max pooling and the reference backend).
     */
    int argmax(int r) {
      int best = 0;
      float bestValue = get(r, 0);
      for (int j = 1; j < classes && !Float.isNaN(bestValue); j++) {
        float v = get(r, j);
        if (v > bestValue || Float.isNaN(v)) {
          best = j;
          bestValue = v;
        }
      }
      return best;
    }
  }

  @Override
  public void softmax(Volume scores, Volume probabilities) {
    ArrayVolume sv = volumes.own(scores, "softmax scores");
    Rows s = Rows.of(sv);
    ArrayVolume p = volumes.own(probabilities, sv.size(), "softmax probabilities");
    // Each row's probabilities are written after the row is read, so they may replace the scores.
    double[] e = new double[s.classes()];
    for (int r = 0; r < s.rows(); r++) {
      double max = s.max(r);
      double sum = 0;
      for (int j = 0; j < s.classes(); j++) {
        e[j] = Math.exp(s.get(r, j) - max);
        sum += e[j];
      }
      for (int j = 0; j < s.classes(); j++) {
        p.array()[p.offset() + r * s.classes() + j] = (float) (e[j] / sum);
      }
    }
  }

  @Override
  public void softmaxCrossEntropy(Volume scores, Volume labels, Volume loss, Volume dScores) {
    ArrayVolume sv = volumes.own(scores, "softmaxCrossEntropy scores");
    Rows s = scores(sv, "softmaxCrossEntropy");
    ArrayVolume lab = labels(labels, s, "softmaxCrossEntropy");
    ArrayVolume out = scalar(loss, "softmaxCrossEntropy loss");
    ArrayVolume grad = dScores == null ? null : volumes.own(dScores, sv.size(), "softmaxCrossEntropy dScores");
    double total = 0;
    for (int r = 0; r < s.rows(); r++) {
      int label = label(lab, r, s.classes());
      double max = s.max(r);
      double sumExp = 0;
      for (int j = 0; j < s.classes(); j++) {
        sumExp += Math.exp(s.get(r, j) - max);
      }
      // -log(exp(s_y - max) / sumExp), without forming the (possibly underflowing) probability
      total += Math.log(sumExp) - (s.get(r, label) - max);
      if (grad != null) {
        for (int j = 0; j < s.classes(); j++) {
          double p = Math.exp(s.get(r, j) - max) / sumExp;
          grad.array()[grad.offset() + r * s.classes() + j] = (float) ((p - (j == label ? 1 : 0)) / s.rows());
        }
      }
    }
    out.array()[out.offset()] = (float) (total / s.rows());
  }

  /** Each wrong class with a positive term adds {@code 1/N} to its own gradient and {@code -1/N} to the label's. */
  @Override
  public void multiclassHinge(Volume scores, Volume labels, float margin, Volume loss, Volume dScores) {
    ArrayVolume sv = volumes.own(scores, "multiclassHinge scores");
    Rows s = scores(sv, "multiclassHinge");
    ArrayVolume lab = labels(labels, s, "multiclassHinge");
    ArrayVolume out = scalar(loss, "multiclassHinge loss");
    ArrayVolume grad = dScores == null ? null : volumes.own(dScores, sv.size(), "multiclassHinge dScores");
    double total = 0;
    double[] g = new double[s.classes()];
    for (int r = 0; r < s.rows(); r++) {
      int label = label(lab, r, s.classes());
      double correct = s.get(r, label);
      Arrays.fill(g, 0.0);
      for (int j = 0; j < s.classes(); j++) {
        if (j == label) {
          continue;
        }
        double term = s.get(r, j) - correct + margin;
        if (term > 0) {
          total += term;
          g[j] += 1.0 / s.rows();
          g[label] -= 1.0 / s.rows();
        }
      }
      if (grad != null) {
        for (int j = 0; j < s.classes(); j++) {
          grad.array()[grad.offset() + r * s.classes() + j] = (float) g[j];
        }
      }
    }
    out.array()[out.offset()] = (float) (total / s.rows());
  }

  @Override
  public void argmax(Volume scores, Volume indices) {
    Rows s = scores(scores, "argmax");
    ArrayVolume out = volumes.own(indices, s.rows(), "argmax indices (one per row)");
    int[] best = new int[s.rows()];
    for (int r = 0; r < s.rows(); r++) {
      best[r] = s.argmax(r);
    }
    // Written after every row was read, in case indices shares storage with scores.
    for (int r = 0; r < s.rows(); r++) {
      out.array()[out.offset() + r] = best[r];
    }
  }

  @Override
  public void accumulateCorrect(Volume scores, Volume labels, Volume correct) {
    Rows s = scores(scores, "accumulateCorrect");
    ArrayVolume lab = labels(labels, s, "accumulateCorrect");
    ArrayVolume out = scalar(correct, "accumulateCorrect correct");
    int count = 0;
    for (int r = 0; r < s.rows(); r++) {
      if (s.argmax(r) == label(lab, r, s.classes())) {
        count++;
      }
    }
    out.array()[out.offset()] += count;
  }

  /** Scores with at least one class per row, or a clear error (argmax of nothing is undefined). */
  private Rows scores(Volume scores, String kernel) {
    return scores(volumes.own(scores, kernel + " scores"), kernel);
  }

  private static Rows scores(ArrayVolume v, String kernel) {
    Rows s = Rows.of(v);
    if (s.rows() > 0 && s.classes() == 0) {
      throw new ShapeException(kernel + " scores " + v.shape() + " have no classes");
    }
    return s;
  }

  private ArrayVolume scalar(Volume v, String role) {
    return volumes.own(v, 1, role + " (one value)");
  }

  private ArrayVolume labels(Volume labels, Rows scores, String kernel) {
    return volumes.own(labels, scores.rows(), kernel + " labels (one class index per row)");
  }

  /** The label of row {@code r}, checked to be a whole number in {@code [0, classes)}. */
  private static int label(ArrayVolume labels, int r, int classes) {
    float value = labels.array()[labels.offset() + r];
    int label = (int) value;
    if (label != value || label < 0 || label >= classes) {
      throw new ConvoyException("label " + value + " of row " + r + " is not a class index in [0, " + classes
          + "); labels must be whole numbers 0.." + (classes - 1) + " for " + classes + " classes");
    }
    return label;
  }
}
