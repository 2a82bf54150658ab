package dev.convoy.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import org.junit.jupiter.api.Test;

/** Softmax, softmax cross-entropy and the multiclass SVM loss against their formulas in double. */
abstract class LossConformance extends ConformanceCase {
  private static final int N = 5;
  private static final int K = 7;

  @Test
  void softmaxRowsMatchTheFormulaAndSumToOne() {
    float[] scores = new TckRandom(60).uniform(N * K, -5f, 5f);
    scores[3] = 1000f; // would overflow exp without subtracting the row maximum
    scores[K + 1] = -1000f;
    try (VolumeScope s = new VolumeScope(backend)) {
      Volume p = s.filled(Shape.of(N, K), Float.NaN);
      backend.softmax(s.upload(Shape.of(N, K), scores), p);
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
    try (VolumeScope s = new VolumeScope(backend)) {
      Volume d = s.filled(Shape.of(N, K), Float.NaN);
      float actual = backend.softmaxCrossEntropy(s.upload(Shape.of(N, K), scores), s.upload(Shape.of(N), labels), d);
      assertEquals(loss, actual, 1e-5 * Math.max(1, Math.abs(loss)), "mean softmax cross-entropy");
      VolumeAssertions.assertClose(grad, d.toArray(), 1e-5, "softmaxCrossEntropy gradient (p - onehot)/N");
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
    try (VolumeScope s = new VolumeScope(backend)) {
      Volume d = s.filled(Shape.of(N, K), Float.NaN);
      float actual = backend.multiclassHinge(s.upload(Shape.of(N, K), scores), s.upload(Shape.of(N), labels),
          margin, d);
      assertEquals(loss, actual, 1e-5 * Math.max(1, loss), "mean multiclass hinge loss");
      VolumeAssertions.assertClose(grad, d.toArray(), 1e-6, "multiclassHinge gradient");
    }
  }

  @Test
  void theNotesSvmExampleGivesItsLoss() {
    // Scores [13, -7, 11], correct class 0, margin 10: max(0, -7-13+10) + max(0, 11-13+10) = 0 + 8.
    try (VolumeScope s = new VolumeScope(backend)) {
      Volume d = s.allocate(Shape.of(1, 3));
      float loss = backend.multiclassHinge(s.upload(Shape.of(1, 3), new float[] {13, -7, 11}),
          s.upload(Shape.of(1), new float[] {0}), 10f, d);
      assertEquals(8f, loss, 1e-6);
      VolumeAssertions.assertClose(new float[] {-1, 0, 1}, d.toArray(), 1e-6, "hinge gradient of one row");
    }
  }

  @Test
  void labelsOutsideTheClassesAreRejected() {
    for (float bad : new float[] {7f, -1f, 2.5f}) {
      try (VolumeScope s = new VolumeScope(backend)) {
        Volume scores = s.upload(Shape.of(2, K), new float[2 * K]);
        Volume labels = s.upload(Shape.of(2), new float[] {0, bad});
        Volume d = s.allocate(Shape.of(2, K));
        ConvoyException e = assertThrows(ConvoyException.class, () -> backend.softmaxCrossEntropy(scores, labels, d),
            "softmaxCrossEntropy with label " + bad + " for " + K + " classes");
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "the error must say what is wrong");
        assertThrows(ConvoyException.class, () -> backend.multiclassHinge(scores, labels, 1f, d),
            "multiclassHinge with label " + bad + " for " + K + " classes");
      }
    }
  }

  @Test
  void matchesTheOracle() {
    assertMatchesOracle("softmax, softmaxCrossEntropy, multiclassHinge", s -> {
      TckRandom random = new TckRandom(63);
      Volume scores = s.upload(Shape.of(N, K), random.uniform(N * K, -4f, 4f));
      Volume labels = s.upload(Shape.of(N), random.labels(N, K));
      Volume p = s.allocate(Shape.of(N, K));
      s.backend().softmax(scores, p);
      Volume d1 = s.allocate(Shape.of(N, K));
      float ce = s.backend().softmaxCrossEntropy(scores, labels, d1);
      Volume d2 = s.allocate(Shape.of(N, K));
      float hinge = s.backend().multiclassHinge(scores, labels, 1f, d2);
      return concat(p.toArray(), d1.toArray(), d2.toArray(), new float[] {ce, hinge});
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
