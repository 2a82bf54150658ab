package dev.convoy.backends.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.tck.TckRandom;
import dev.convoy.tck.TestLayerContext;
import dev.convoy.tck.VolumeAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GEMM on sizes that do not fit the register tile or the cache blocks (1, 15, 17, 33, long thin
 * matrices, products spanning several k, row and column blocks and both threads), every transpose
 * and several alpha/beta, against the reference backend; and the blocked driver on the vector
 * kernels against the same driver on the plain twin, which must agree exactly.
 */
class SimdGemmTest {
  /** (m, n, k). */
  private static final int[][] AWKWARD = {
      {1, 1, 1}, {15, 15, 15}, {17, 17, 17}, {33, 33, 33}, {1000, 3, 7}, {3, 1000, 7}, {7, 3, 1000},
      {13, 33, 1}, {1, 65, 300}};
  /** Crosses KC (256), MC (144) and NC (2048) boundaries, and is big enough to use both threads. */
  private static final int[] BLOCKS = {150, 2100, 300};

  private Backend simd;
  private Backend reference;

  @BeforeEach
  void open() {
    simd = new SimdBackendProvider().create();
    reference = TestLayerContext.loadBackend("reference");
  }

  @AfterEach
  void close() {
    simd.close();
    reference.close();
  }

  private float[] run(Backend backend, boolean transA, boolean transB, int m, int n, int k, float alpha, float beta,
      long seed) {
    TckRandom random = new TckRandom(seed);
    float[] a = random.uniform(m * k);
    float[] b = random.uniform(k * n);
    float[] c = random.uniform(m * n);
    try (Volume av = backend.upload(transA ? Shape.of(k, m) : Shape.of(m, k), a);
        Volume bv = backend.upload(transB ? Shape.of(n, k) : Shape.of(k, n), b);
        Volume cv = backend.upload(Shape.of(m, n), c)) {
      backend.gemm(transA, transB, alpha, av, bv, beta, cv);
      return cv.toArray();
    }
  }

  private void assertMatchesReference(int m, int n, int k) {
    float[][] alphaBeta = {{1f, 0f}, {1f, 1f}, {-0.5f, 2f}, {2f, -1f}};
    for (boolean transA : new boolean[] {false, true}) {
      for (boolean transB : new boolean[] {false, true}) {
        for (float[] ab : alphaBeta) {
          long seed = 31L * m + 17L * n + k;
          String what = "gemm m=" + m + " n=" + n + " k=" + k + " transA=" + transA + " transB=" + transB
              + " alpha=" + ab[0] + " beta=" + ab[1];
          VolumeAssertions.assertClose(run(reference, transA, transB, m, n, k, ab[0], ab[1], seed),
              run(simd, transA, transB, m, n, k, ab[0], ab[1], seed), 1e-5, what);
        }
      }
    }
  }

  @Test
  void awkwardSizesMatchTheReference() {
    for (int[] mnk : AWKWARD) {
      assertMatchesReference(mnk[0], mnk[1], mnk[2]);
    }
  }

  @Test
  void productsSpanningSeveralBlocksMatchTheReference() {
    int m = BLOCKS[0];
    int n = BLOCKS[1];
    int k = BLOCKS[2];
    long seed = 99;
    VolumeAssertions.assertClose(run(reference, false, false, m, n, k, 1f, 0.5f, seed),
        run(simd, false, false, m, n, k, 1f, 0.5f, seed), 1e-5, "gemm " + m + "x" + n + "x" + k);
    // Taller than wide: the threads split rows instead of columns.
    VolumeAssertions.assertClose(run(reference, true, true, n, m, k, -1f, 0f, seed),
        run(simd, true, true, n, m, k, -1f, 0f, seed), 1e-5, "gemm " + n + "x" + m + "x" + k + " transposed");
    // Both sides >= 512: the threads share packed B blocks; row blocks of even height, several k blocks.
    VolumeAssertions.assertClose(run(reference, false, true, 530, 520, 300, 0.5f, -2f, seed),
        run(simd, false, true, 530, 520, 300, 0.5f, -2f, seed), 1e-5, "gemm 530x520x300 with shared B blocks");
  }

  @Test
  void shortDeepProductsWithTransposedBMatchTheReference() {
    // A x B^T with few rows of A and whole vectors of depth goes through DotGemm: rows and columns
    // that leave partial blocks (66 = 16 x 4 + 2, 203 = 40 x 5 + 3), depth over several chunks.
    int m = 66;
    int n = 203;
    int k = 1040;
    assertTrue(DotGemm.applies(KernelsParityTest.requireVectorKernels(), false, true, m, k), "the dot path is taken");
    float[][] alphaBeta = {{1f, 0f}, {-0.5f, 2f}};
    for (float[] ab : alphaBeta) {
      VolumeAssertions.assertClose(run(reference, false, true, m, n, k, ab[0], ab[1], 7),
          run(simd, false, true, m, n, k, ab[0], ab[1], 7), 1e-5, "gemm " + m + "x" + n + "x" + k + " B transposed, "
              + "alpha=" + ab[0] + " beta=" + ab[1]);
    }
  }

  @Test
  void blockedDriverGivesTheSameFloatsOnVectorAndPlainKernels() {
    Kernels vector = KernelsParityTest.requireVectorKernels();
    Kernels plain = ScalarKernels.twinOf(vector);
    for (int m : new int[] {BLOCKS[0], 64}) { // 64 rows take the short tile
      blockedDriverAgrees(vector, plain, m);
    }
  }

  private static void blockedDriverAgrees(Kernels vector, Kernels plain, int m) {
    int n = 300;
    int k = BLOCKS[2];
    TckRandom random = new TckRandom(5);
    float[] a = random.uniform(m * k);
    float[] b = random.uniform(k * n);
    // alpha 1 with beta 0 or 1 reads a stored B in place (whole panels) and packs only its last, partial panel.
    float[][] alphaBeta = {{0.75f, 0.5f}, {1f, 1f}, {1f, 0f}};
    for (boolean trans : new boolean[] {false, true}) {
      for (float[] ab : alphaBeta) {
        float[] cVector = random.uniform(m * n);
        float[] cPlain = cVector.clone();
        BlockedGemm.multiply(vector, new Workspace(), m, n, k, ab[0],
            PanelSource.matrixA(a, 0, trans ? m : k, trans, vector), PanelSource.matrixB(b, 0, trans ? k : n, trans, vector),
            ab[1], cVector, 0, n);
        BlockedGemm.multiply(plain, new Workspace(), m, n, k, ab[0],
            PanelSource.matrixA(a, 0, trans ? m : k, trans, plain), PanelSource.matrixB(b, 0, trans ? k : n, trans, plain),
            ab[1], cPlain, 0, n);
        assertArrayEquals(cPlain, cVector, "blocked gemm, m=" + m + ", transposed=" + trans + ", alpha=" + ab[0]
            + ", beta=" + ab[1]);
      }
    }
  }
}
