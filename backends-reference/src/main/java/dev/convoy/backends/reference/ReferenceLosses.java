package dev.convoy.backends.reference;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.support.ArrayVolume;

/**
 * Softmax, the two losses of the notes and the argmax over scores viewed as {@code N x K},
 * computed in double. Losses are means over the batch, so their gradients carry a {@code 1/N}.
 * Each row's gradient is written after everything it needs from the row was read, so
 * {@code dScores} may be {@code scores}.
 */
final class ReferenceLosses {
  private ReferenceLosses() {}

  /** Row-wise softmax; the row maximum is subtracted first so that {@code exp} cannot overflow. */
  static void softmax(ArrayVolume scores, ArrayVolume probabilities, int rows, int classes) {
    for (int r = 0; r < rows; r++) {
      double[] p = rowSoftmax(scores, r, classes);
      for (int j = 0; j < classes; j++) {
        probabilities.set(r * classes + j, (float) p[j]);
      }
    }
  }

  /** Mean of {@code -log p[label]}; gradient {@code (p - onehot)/N} written to {@code dScores} when non-null. */
  static float softmaxCrossEntropy(ArrayVolume scores, ArrayVolume labels, ArrayVolume dScores, int rows,
      int classes) {
    double total = 0;
    for (int r = 0; r < rows; r++) {
      int label = label(labels, r, classes);
      double max = rowMax(scores, r, classes);
      double sumExp = 0;
      for (int j = 0; j < classes; j++) {
        sumExp += Math.exp(scores.get(r * classes + j) - max);
      }
      // -log(exp(s_y - max) / sumExp), without forming the (possibly underflowing) probability
      total += Math.log(sumExp) - (scores.get(r * classes + label) - max);
      if (dScores != null) {
        for (int j = 0; j < classes; j++) {
          double p = Math.exp(scores.get(r * classes + j) - max) / sumExp;
          dScores.set(r * classes + j, (float) ((p - (j == label ? 1 : 0)) / rows));
        }
      }
    }
    return (float) (total / rows);
  }

  /**
   * Mean over rows of {@code sum_{j != y} max(0, s_j - s_y + margin)}. Each wrong class with a
   * positive term adds {@code 1/N} to its own gradient and {@code -1/N} to the label's.
   */
  static float multiclassHinge(ArrayVolume scores, ArrayVolume labels, float margin, ArrayVolume dScores, int rows,
      int classes) {
    double total = 0;
    for (int r = 0; r < rows; r++) {
      int label = label(labels, r, classes);
      double correct = scores.get(r * classes + label);
      double[] grad = new double[classes];
      for (int j = 0; j < classes; j++) {
        if (j == label) {
          continue;
        }
        double term = scores.get(r * classes + j) - correct + margin;
        if (term > 0) {
          total += term;
          grad[j] += 1.0 / rows;
          grad[label] -= 1.0 / rows;
        }
      }
      if (dScores != null) {
        for (int j = 0; j < classes; j++) {
          dScores.set(r * classes + j, (float) grad[j]);
        }
      }
    }
    return (float) (total / rows);
  }

  /**
   * The index of row {@code r}'s highest score: the first one on ties, and the first NaN if there is
   * one (NaN wins and propagates, as in max pooling and PyTorch's argmax).
   */
  static int argmax(ArrayVolume scores, int r, int classes) {
    int best = 0;
    float bestValue = scores.get(r * classes);
    for (int j = 1; j < classes && !Float.isNaN(bestValue); j++) {
      float v = scores.get(r * classes + j);
      if (v > bestValue || Float.isNaN(v)) {
        best = j;
        bestValue = v;
      }
    }
    return best;
  }

  /** How many rows have their {@link #argmax} at their label. */
  static int countCorrect(ArrayVolume scores, ArrayVolume labels, int rows, int classes) {
    int correct = 0;
    for (int r = 0; r < rows; r++) {
      if (argmax(scores, r, classes) == label(labels, r, classes)) {
        correct++;
      }
    }
    return correct;
  }

  private static double[] rowSoftmax(ArrayVolume scores, int r, int classes) {
    double max = rowMax(scores, r, classes);
    double[] p = new double[classes];
    double sum = 0;
    for (int j = 0; j < classes; j++) {
      p[j] = Math.exp(scores.get(r * classes + j) - max);
      sum += p[j];
    }
    for (int j = 0; j < classes; j++) {
      p[j] /= sum;
    }
    return p;
  }

  private static double rowMax(ArrayVolume scores, int r, int classes) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < classes; j++) {
      max = Math.max(max, scores.get(r * classes + j));
    }
    return max;
  }

  /** The label of row {@code r}, checked to be a whole number in {@code [0, classes)}. */
  private static int label(ArrayVolume labels, int r, int classes) {
    float value = labels.get(r);
    int label = (int) value;
    if (label != value || label < 0 || label >= classes) {
      throw new ConvoyException("label " + value + " of row " + r + " is not a class index in [0, " + classes
          + "); labels must be whole numbers 0.." + (classes - 1) + " for " + classes + " classes");
    }
    return label;
  }
}
