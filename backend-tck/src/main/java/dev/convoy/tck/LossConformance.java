package dev.convoy.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.LossKernels;
import org.junit.jupiter.api.Test;

/**
 * {@link LossKernels}: softmax, softmax cross-entropy and the multiclass SVM loss against their
 * formulas in double, with the loss written into a {@code [1]} volume; argmax (the first highest
 * score wins) and the correct-prediction count; bad labels; the oracle.
 */
abstract class LossConformance extends ConformanceCase {
  private static final int N = 5;
  private static final int K = 7;
  private static final Shape ONE = Shape.of(1);

  @Test
  void softmaxRowsMatchTheFormulaAndSumToOne() {
    float[] scores = new TckRandom(60).uniform(N * K, -5f, 5f);
    scores[3] = 1000f; // would overflow exp without subtracting the row maximum
    scores[K + 1] = -1000f;
    try (VolumeScope s = scope()) {
      Volume p = s.filled(Shape.of(N, K), Float.NaN);
      family(LossKernels.class).softmax(s.upload(Shape.of(N, K), scores), p);
      float[] pv = p.toArray();
      VolumeAssertions.assertClose(softmax(scores), pv, 1e-5, "softmax");
      for (int r = 0; r < N; r++) {
        double rowSum = 0;
        for (int j = 0; j < K; j++) {
          rowSum += pv[r * K + j];
        }
        assertEquals(1.0, rowSum, 1e-5, "softmax row " + r + " must sum to 1");
      }
    }
  }

  @Test
  void softmaxCrossEntropyLossAndGradient() {
    TckRandom random = new TckRandom(61);
    float[] scores = random.uniform(N * K, -3f, 3f);
    scores[0] = 500f;
    float[] labels = random.labels(N, K);
    double[] p = softmax(scores);
    double loss = 0;
    double[] grad = new double[N * K];
    for (int r = 0; r < N; r++) {
      int y = (int) labels[r];
      loss -= Math.log(p[r * K + y]) / N;
      for (int j = 0; j < K; j++) {
        grad[r * K + j] = (p[r * K + j] - (j == y ? 1 : 0)) / N;
      }
    }
    LossKernels losses = family(LossKernels.class);
    try (VolumeScope s = scope()) {
      Volume scoresV = s.upload(Shape.of(N, K), scores);
      Volume labelsV = s.upload(Shape.of(N), labels);
      Volume d = s.filled(Shape.of(N, K), Float.NaN);
      Volume actual = s.filled(ONE, Float.NaN);
      losses.softmaxCrossEntropy(scoresV, labelsV, actual, d);
      assertEquals(loss, actual.toArray()[0], 1e-5 * Math.max(1, Math.abs(loss)), "mean softmax cross-entropy");
      VolumeAssertions.assertClose(grad, d.toArray(), 1e-5, "softmaxCrossEntropy gradient (p - onehot)/N");
      Volume withoutGradient = s.filled(ONE, Float.NaN);
      losses.softmaxCrossEntropy(scoresV, labelsV, withoutGradient, null);
      assertEquals(actual.toArray()[0], withoutGradient.toArray()[0], 0f, "the loss without a gradient volume");
    }
  }

  @Test
  void multiclassHingeLossAndGradient() {
    TckRandom random = new TckRandom(62);
    float[] scores = random.uniform(N * K, -2f, 2f);
    float[] labels = random.labels(N, K);
    float margin = 1f;
    double loss = 0;
    double[] grad = new double[N * K];
    for (int r = 0; r < N; r++) {
      int y = (int) labels[r];
      for (int j = 0; j < K; j++) {
        double term = (double) scores[r * K + j] - scores[r * K + y] + margin;
        if (j != y && term > 0) {
          loss += term / N;
          grad[r * K + j] += 1.0 / N;
          grad[r * K + y] -= 1.0 / N;
        }
      }
    }
    LossKernels losses = family(LossKernels.class);
    try (VolumeScope s = scope()) {
      Volume scoresV = s.upload(Shape.of(N, K), scores);
      Volume labelsV = s.upload(Shape.of(N), labels);
      Volume d = s.filled(Shape.of(N, K), Float.NaN);
      Volume actual = s.filled(ONE, Float.NaN);
      losses.multiclassHinge(scoresV, labelsV, margin, actual, d);
      assertEquals(loss, actual.toArray()[0], 1e-5 * Math.max(1, loss), "mean multiclass hinge loss");
      VolumeAssertions.assertClose(grad, d.toArray(), 1e-6, "multiclassHinge gradient");
      Volume withoutGradient = s.filled(ONE, Float.NaN);
      losses.multiclassHinge(scoresV, labelsV, margin, withoutGradient, null);
      assertEquals(actual.toArray()[0], withoutGradient.toArray()[0], 0f, "the loss without a gradient volume");
    }
  }

  @Test
  void theNotesSvmExampleGivesItsLoss() {
    // Scores [13, -7, 11], correct class 0, margin 10: max(0, -7-13+10) + max(0, 11-13+10) = 0 + 8.
    try (VolumeScope s = scope()) {
      Volume d = s.allocate(Shape.of(1, 3));
      Volume loss = s.allocate(ONE);
      family(LossKernels.class).multiclassHinge(s.upload(Shape.of(1, 3), new float[] {13, -7, 11}),
          s.upload(Shape.of(1), new float[] {0}), 10f, loss, d);
      assertEquals(8f, loss.toArray()[0], 1e-6);
      VolumeAssertions.assertClose(new float[] {-1, 0, 1}, d.toArray(), 1e-6, "hinge gradient of one row");
    }
  }

  @Test
  void argmaxTakesTheFirstHighestScoreOfEachRow() {
    // Rows of [4, 3, 1, 1] scores (viewed as [4, 3]): ties go to the first.
    float[] scores = {
        1, 3, 3,
        5, 5, 5,
        -1, -2, -3,
        0, 2, 1};
    float[] expected = {1, 0, 0, 1};
    float[] random = new TckRandom(64).distinct(N * K);
    float[] expectedRandom = new float[N];
    for (int r = 0; r < N; r++) {
      for (int j = 1; j < K; j++) {
        if (random[r * K + j] > random[r * K + (int) expectedRandom[r]]) {
          expectedRandom[r] = j;
        }
      }
    }
    LossKernels losses = family(LossKernels.class);
    try (VolumeScope s = scope()) {
      Volume indices = s.filled(Shape.of(4), Float.NaN);
      losses.argmax(s.upload(Shape.nchw(4, 3, 1, 1), scores), indices);
      VolumeAssertions.assertExactly(expected, indices.toArray(), "argmax with ties, scores [4, 3, 1, 1]");
      Volume randomIndices = s.filled(Shape.of(N), Float.NaN);
      losses.argmax(s.upload(Shape.of(N, K), random), randomIndices);
      VolumeAssertions.assertExactly(expectedRandom, randomIndices.toArray(), "argmax of random rows");
    }
  }

  @Test
  void accumulateCorrectAddsTheRowsWhoseArgmaxIsTheLabel() {
    float[] scores = {
        1, 3, 3, // argmax 1
        5, 5, 5, // argmax 0
        -1, -2, -3, // argmax 0
        0, 2, 1}; // argmax 1
    float[] labels = {1, 1, 0, 2}; // right, wrong (tie goes to 0), right, wrong
    try (VolumeScope s = scope()) {
      Volume correct = s.upload(ONE, new float[] {3f});
      family(LossKernels.class).accumulateCorrect(s.upload(Shape.of(4, 3), scores), s.upload(Shape.of(4), labels),
          correct);
      assertEquals(5f, correct.toArray()[0], 0f, "3 already counted + 2 right rows");
    }
  }

  @Test
  void labelsOutsideTheClassesAreRejected() {
    LossKernels losses = family(LossKernels.class);
    for (float bad : new float[] {7f, -1f, 2.5f}) {
      try (VolumeScope s = scope()) {
        Volume scores = s.upload(Shape.of(2, K), new float[2 * K]);
        Volume labels = s.upload(Shape.of(2), new float[] {0, bad});
        Volume d = s.allocate(Shape.of(2, K));
        Volume loss = s.allocate(ONE);
        ConvoyException e = assertThrows(ConvoyException.class,
            () -> losses.softmaxCrossEntropy(scores, labels, loss, d),
            "softmaxCrossEntropy with label " + bad + " for " + K + " classes");
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "the error must say what is wrong");
        assertThrows(ConvoyException.class, () -> losses.multiclassHinge(scores, labels, 1f, loss, d),
            "multiclassHinge with label " + bad + " for " + K + " classes");
      }
    }
  }

  @Test
  void matchesTheOracle() {
    assertMatchesOracle("softmax, softmaxCrossEntropy, multiclassHinge", s -> {
      LossKernels losses = s.family(LossKernels.class);
      TckRandom random = new TckRandom(63);
      Volume scores = s.upload(Shape.of(N, K), random.uniform(N * K, -4f, 4f));
      Volume labels = s.upload(Shape.of(N), random.labels(N, K));
      Volume p = s.allocate(Shape.of(N, K));
      losses.softmax(scores, p);
      Volume d1 = s.allocate(Shape.of(N, K));
      Volume ce = s.allocate(ONE);
      losses.softmaxCrossEntropy(scores, labels, ce, d1);
      Volume d2 = s.allocate(Shape.of(N, K));
      Volume hinge = s.allocate(ONE);
      losses.multiclassHinge(scores, labels, 1f, hinge, d2);
      return concat(p.toArray(), d1.toArray(), d2.toArray(), ce.toArray(), hinge.toArray());
    });
    // Indices and counts apart, so their magnitude does not widen the tolerance of the losses.
    assertMatchesOracle("argmax and accumulateCorrect", s -> {
      LossKernels losses = s.family(LossKernels.class);
      TckRandom random = new TckRandom(65);
      Volume scores = s.upload(Shape.of(3 * N, K), random.distinct(3 * N * K));
      Volume labels = s.upload(Shape.of(3 * N), random.labels(3 * N, K));
      Volume indices = s.allocate(Shape.of(3 * N));
      losses.argmax(scores, indices);
      Volume correct = s.allocate(ONE);
      losses.accumulateCorrect(scores, labels, correct);
      losses.accumulateCorrect(scores, indices, correct);
      return concat(indices.toArray(), correct.toArray());
    });
  }

  /** Row-wise softmax of [N, K] in double. */
  private static double[] softmax(float[] scores) {
    double[] p = new double[scores.length];
    for (int r = 0; r < N; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < K; j++) {
        max = Math.max(max, scores[r * K + j]);
      }
      double sum = 0;
      for (int j = 0; j < K; j++) {
        p[r * K + j] = Math.exp(scores[r * K + j] - max);
        sum += p[r * K + j];
      }
      for (int j = 0; j < K; j++) {
        p[r * K + j] /= sum;
      }
    }
    return p;
  }
}
