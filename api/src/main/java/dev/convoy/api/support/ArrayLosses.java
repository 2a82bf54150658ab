package dev.convoy.api.support;

import dev.convoy.api.ConvoyException;

/**
 * Softmax and the two losses of the notes over scores viewed as {@code N x K}, computed in double,
 * for the backends whose volumes are {@link ArrayVolume}s. They run once per batch on a few thousand
 * values, so the reference and simd backends share this one implementation.
 * Losses are means over the batch, so their gradients carry a {@code 1/N}.
 */
public final class ArrayLosses {
  private ArrayLosses() {}

  /** Row-wise softmax; the row maximum is subtracted first so that {@code exp} cannot overflow. */
  public static void softmax(ArrayVolume scores, ArrayVolume probabilities, int rows, int classes) {
    for (int r = 0; r < rows; r++) {
      double[] p = rowSoftmax(scores, r, classes);
      for (int j = 0; j < classes; j++) {
        probabilities.set(r * classes + j, (float) p[j]);
      }
    }
  }

  /** Mean of {@code -log p[label]}; gradient {@code (p - onehot)/N} written to {@code dScores} when non-null. */
  public static float softmaxCrossEntropy(ArrayVolume scores, ArrayVolume labels, ArrayVolume dScores,
      int rows, int classes) {
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
  public static float multiclassHinge(ArrayVolume scores, ArrayVolume labels, float margin,
      ArrayVolume dScores, int rows, int classes) {
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
