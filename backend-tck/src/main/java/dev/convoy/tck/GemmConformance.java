package dev.convoy.tck;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import org.junit.jupiter.api.Test;

/** GEMM against a triple loop in double: every transpose combination, alpha and beta, matrix views. */
abstract class GemmConformance extends ConformanceCase {
  /** (m, n, k) triples: tiny, odd and rectangular, including vectors. */
  private static final int[][] SIZES = {{1, 1, 1}, {3, 5, 7}, {7, 1, 4}, {1, 9, 6}, {16, 13, 31}, {2, 40, 3}};

  @Test
  void everyTransposeCombinationWithAlphaAndBetaMatchesATripleLoop() {
    TckRandom random = new TckRandom(10);
    for (int[] mnk : SIZES) {
      for (boolean transA : new boolean[] {false, true}) {
        for (boolean transB : new boolean[] {false, true}) {
          int m = mnk[0];
          int n = mnk[1];
          int k = mnk[2];
          float[] a = random.uniform(m * k);
          float[] b = random.uniform(k * n);
          float[] c = random.uniform(m * n);
          double[] expected = tripleLoop(transA, transB, m, n, k, 1.5f, a, b, -0.75f, c);
          try (VolumeScope s = new VolumeScope(backend)) {
            Volume cv = s.upload(Shape.of(m, n), c);
            backend.gemm(transA, transB, 1.5f, s.upload(transA ? Shape.of(k, m) : Shape.of(m, k), a),
                s.upload(transB ? Shape.of(n, k) : Shape.of(k, n), b), -0.75f, cv);
            VolumeAssertions.assertClose(expected, cv.toArray(), DIRECT_TOLERANCE,
                "gemm m=" + m + " n=" + n + " k=" + k + " transA=" + transA + " transB=" + transB);
          }
        }
      }
    }
  }

  @Test
  void betaZeroIgnoresNaNInC() {
    float[] a = new TckRandom(11).uniform(12);
    float[] b = new TckRandom(12).uniform(20);
    try (VolumeScope s = new VolumeScope(backend)) {
      Volume c = s.filled(Shape.of(3, 5), Float.NaN);
      backend.gemm(false, false, 1f, s.upload(Shape.of(3, 4), a), s.upload(Shape.of(4, 5), b), 0f, c);
      VolumeAssertions.assertNoNaN(c.toArray(), "gemm with beta 0 over a NaN-filled c");
      VolumeAssertions.assertClose(tripleLoop(false, false, 3, 5, 4, 1f, a, b, 0f, new float[15]), c.toArray(),
          DIRECT_TOLERANCE, "gemm with beta 0");
    }
  }

  @Test
  void viewsARank4VolumeAsRowsTimesTheRest() {
    // An FC layer: x [N=2, C=3, H=2, W=2] is the 2 x 12 matrix, weights [K=5, 12] transposed.
    TckRandom random = new TckRandom(13);
    float[] x = random.uniform(24);
    float[] w = random.uniform(60);
    try (VolumeScope s = new VolumeScope(backend)) {
      Volume y = s.filled(Shape.of(2, 5), Float.NaN);
      backend.gemm(false, true, 1f, s.upload(Shape.nchw(2, 3, 2, 2), x), s.upload(Shape.of(5, 3, 2, 2), w), 0f, y);
      VolumeAssertions.assertClose(tripleLoop(false, true, 2, 5, 12, 1f, x, w, 0f, new float[10]), y.toArray(),
          DIRECT_TOLERANCE, "gemm on [2,3,2,2] x [5,3,2,2]^T");
    }
  }

  @Test
  void matchesTheOracle() {
    for (int[] mnk : SIZES) {
      assertMatchesOracle("gemm " + mnk[0] + "x" + mnk[1] + "x" + mnk[2], s -> {
        TckRandom random = new TckRandom(14);
        Volume c = s.upload(Shape.of(mnk[2], mnk[1]), random.uniform(mnk[2] * mnk[1]));
        s.backend().gemm(true, false, 0.5f, s.upload(Shape.of(mnk[0], mnk[2]), random.uniform(mnk[0] * mnk[2])),
            s.upload(Shape.of(mnk[0], mnk[1]), random.uniform(mnk[0] * mnk[1])), 2f, c);
        return c.toArray();
      });
    }
  }

  @Test
  void mismatchedInnerDimensionsFail() {
    try (VolumeScope s = new VolumeScope(backend)) {
      assertThrows(ShapeException.class, () -> backend.gemm(false, false, 1f, s.allocate(Shape.of(2, 3)),
          s.allocate(Shape.of(4, 5)), 0f, s.allocate(Shape.of(2, 5))), "2x3 times 4x5");
    }
  }

  /** {@code alpha * op(a) * op(b) + beta * c} in double; a and b are stored row-major before the transpose. */
  static double[] tripleLoop(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, float[] b,
      float beta, float[] c) {
    double[] out = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double sum = 0;
        for (int p = 0; p < k; p++) {
          double aip = transA ? a[p * m + i] : a[i * k + p];
          double bpj = transB ? b[j * k + p] : b[p * n + j];
          sum += aip * bpj;
        }
        out[i * n + j] = alpha * sum + (beta == 0 ? 0 : beta * c[i * n + j]);
      }
    }
    return out;
  }
}
