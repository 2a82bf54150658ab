package dev.convoy.backends.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Lucene's check for vector code: the Vector API kernels and their plain-Java twin, run side by
 * side on the same random inputs (with lengths around every vector boundary, offsets, NaN and
 * signed zeros), must give the same floats. Elementwise kernels do the same rounding in both, and
 * the GEMM tile accumulates with fused multiply-adds in the same order, so equality is exact.
 */
class KernelsParityTest {
  private static final int[] LENGTHS = {0, 1, 3, 15, 16, 17, 31, 32, 33, 47, 100, 1000};

  private final Kernels vector = requireVectorKernels();
  private final Kernels plain = ScalarKernels.twinOf(vector);
  private final SplittableRandom random = new SplittableRandom(7);

  static Kernels requireVectorKernels() {
    Kernels k = KernelSelection.vectorKernels();
    assertNotNull(k, "the tests run with --add-modules jdk.incubator.vector, so the vector kernels must load: "
        + KernelSelection.unavailableReason());
    return k;
  }

  private float[] randomArray(int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) (random.nextDouble() * 2 - 1);
    }
    if (n > 5) {
      values[1] = Float.NaN;
      values[2] = -0f;
      values[3] = 0f;
      values[n - 1] = Float.NEGATIVE_INFINITY;
    }
    return values;
  }

  /** An operation on (input a, input b, output) arrays with offsets, as both kernels run it. */
  private interface Op {
    void run(Kernels k, float[] a, float[] b, float[] out, int n);
  }

  private void assertSameOnBoth(String name, Op op) {
    for (int n : LENGTHS) {
      float[] a = randomArray(n + 3);
      float[] b = randomArray(n + 5);
      float[] outVector = randomArray(n + 7);
      float[] outPlain = outVector.clone();
      op.run(vector, a, b, outVector, n);
      op.run(plain, a, b, outPlain, n);
      assertArrayEquals(outPlain, outVector, name + " with n=" + n + " (" + vector.description() + " vs plain)");
    }
  }

  @Test
  void elementwiseKernelsAgreeExactly() {
    assertSameOnBoth("copy", (k, a, b, out, n) -> k.copy(a, 1, out, 2, n));
    assertSameOnBoth("copyPlus", (k, a, b, out, n) -> k.copyPlus(a, 2, out, 1, n, -0.625f));
    assertSameOnBoth("fill", (k, a, b, out, n) -> k.fill(out, 3, n, -2.5f));
    assertSameOnBoth("addScalar", (k, a, b, out, n) -> k.addScalar(out, 1, n, 0.375f));
    assertSameOnBoth("relu", (k, a, b, out, n) -> k.relu(a, 2, out, 1, n));
    assertSameOnBoth("relu in place", (k, a, b, out, n) -> k.relu(out, 1, out, 1, n));
    assertSameOnBoth("reluBackward", (k, a, b, out, n) -> k.reluBackward(a, 0, b, 3, out, 2, n));
    assertSameOnBoth("multiply", (k, a, b, out, n) -> k.multiply(a, 1, b, 2, out, 3, n));
    assertSameOnBoth("axpy", (k, a, b, out, n) -> k.axpy(-1.5f, a, 2, out, 1, n));
    assertSameOnBoth("axpby", (k, a, b, out, n) -> k.axpby(-1.5f, a, 2, 0.9f, out, 1, n));
    // out is the velocity here and b the value: both must come out the same.
    assertSameOnBoth("momentumStep velocity", (k, a, b, out, n) -> k.momentumStep(0.05f, 0.9f, a, 2, out, 1,
        b.clone(), 4, n));
    assertSameOnBoth("momentumStep value", (k, a, b, out, n) -> k.momentumStep(0.05f, 0.9f, a, 2, b.clone(), 4,
        out, 1, n));
    assertSameOnBoth("scale", (k, a, b, out, n) -> k.scale(out, 2, n, 0.3f));
    assertSameOnBoth("maxInto", (k, a, b, out, n) -> k.maxInto(a, 1, out, 2, n));
    assertSameOnBoth("clip", (k, a, b, out, n) -> k.clip(a, 1, out, 2, n, -0.25f, 0.5f));
    assertSameOnBoth("clip to [0, 0]", (k, a, b, out, n) -> k.clip(a, 2, out, 1, n, -0f, 0f));
    assertSameOnBoth("addInto", (k, a, b, out, n) -> k.addInto(a, 3, out, 0, n));
    assertSameOnBoth("addIntoThenRelu", (k, a, b, out, n) -> k.addIntoThenRelu(a, 3, out, 0, n));
    assertSameOnBoth("addSquaresInto", (k, a, b, out, n) -> k.addSquaresInto(a, 0, out, 4, n));
    assertSameOnBoth("gather", (k, a, b, out, n) -> k.gather(a, 1, scatteredIndex(n, a.length - 1), 2, out, 1, n));
  }

  @Test
  void maxPoolRowsAgreeOnValuesAndSwitchesWithTiesAndNaN() {
    for (int n : LENGTHS) {
      int w = 2 * n + 3;
      float[] x = new float[2 * w + 2];
      for (int i = 0; i < x.length; i++) {
        x[i] = i % 11 == 4 ? Float.NaN : random.nextInt(3) * 0.5f - 0.5f; // ties everywhere, some NaN
      }
      float[] yVector = randomArray(n + 2);
      float[] yPlain = yVector.clone();
      float[] swVector = randomArray(n + 3);
      float[] swPlain = swVector.clone();
      vector.maxPoolTwoByTwoRow(x, 1, w, 40, yVector, 2, swVector, 1, n);
      plain.maxPoolTwoByTwoRow(x, 1, w, 40, yPlain, 2, swPlain, 1, n);
      assertArrayEquals(yPlain, yVector, "2x2 max values, n=" + n);
      assertArrayEquals(swPlain, swVector, "2x2 max switches, n=" + n);
    }
  }

  /**
   * {@code n} indexes (after {@code 2} unused ones) into {@code [0, bound)}, in no order, some
   * repeated, going on past {@code n} as {@link Kernels#gather} wants.
   */
  private int[] scatteredIndex(int n, int bound) {
    int[] index = new int[n + 2 + vector.lanes()];
    for (int i = 0; i < index.length; i++) {
      index[i] = (int) ((i * 7919L + 13) % bound);
    }
    return index;
  }

  @Test
  void sumsAgreeAndAccumulateInDouble() {
    for (int n : LENGTHS) {
      float[] x = new float[n + 2];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) (random.nextDouble() * 2 - 1);
      }
      double exact = ScalarKernels.sumInDouble(x, 1, n);
      assertEquals(exact, vector.sum(x, 1, n), 1e-12 * Math.max(1, n), "sum of " + n + " values");
    }
    float[] big = new float[1001];
    big[0] = 16_777_216f;
    java.util.Arrays.fill(big, 1, big.length, 1f);
    assertEquals(16_777_216.0 + 1000, vector.sum(big, 0, big.length), 0.0, "2^24 + 1000 ones, in double");
  }


  @Test
  void laneSumsAddInOneFixedTreeHoweverOftenTheyRun() {
    int lanes = vector.lanes();
    // Order decides this sum: left to right, 1e8 swallows the ones before -1e8 cancels it (lanes/2 - 1
    // of them survive); the tree pairs 1e8 with -1e8 first and keeps every one.
    float[] x = new float[lanes];
    java.util.Arrays.fill(x, 1f);
    x[0] = 1e8f;
    x[lanes / 2] = -1e8f;
    assertLaneSumIsTheTree(x, lanes - 2);
    for (int v = 0; v < 20; v++) {
      float[] y = new float[lanes];
      for (int i = 0; i < lanes; i++) {
        y[i] = (float) Math.scalb(random.nextDouble() * 2 - 1, random.nextInt(-20, 20));
      }
      assertLaneSumIsTheTree(y, Float.NaN);
    }
  }

  /** The documented tree, computed here in plain Java, on every one of enough calls for the JIT to compile laneSum. */
  private void assertLaneSumIsTheTree(float[] x, float exact) {
    int lanes = x.length;
    float[] tree = x.clone();
    for (int by = lanes / 2; by >= 1; by /= 2) {
      float[] next = new float[lanes];
      for (int i = 0; i < lanes; i++) {
        next[i] = tree[i] + tree[(i + by) % lanes];
      }
      tree = next;
    }
    float expected = tree[0];
    if (!Float.isNaN(exact)) {
      assertEquals(exact, expected, 0f, "the tree keeps every one");
    }
    for (int call = 0; call < 20_000; call++) {
      float sum = vector.laneSum(x, 0);
      if (Float.floatToRawIntBits(sum) != Float.floatToRawIntBits(expected)) {
        assertEquals(expected, sum, 0f, "call " + call + " added the lanes in another order");
      }
    }
  }

  @Test
  void laneSumsAddOneVectorOfLanes() {
    for (Kernels k : new Kernels[] {vector, plain}) {
      float[] x = new float[k.lanes() + 3];
      for (int i = 0; i < x.length; i++) {
        x[i] = i - 2.5f; // exact in float, so every order of adding gives the same sum
      }
      double expected = 0;
      for (int l = 0; l < k.lanes(); l++) {
        expected += x[2 + l];
      }
      assertEquals(expected, k.laneSum(x, 2), 0.0, k.description());
      x[2 + k.lanes() - 1] = Float.NaN;
      assertTrue(Float.isNaN(k.laneSum(x, 2)), "a NaN lane makes the sum NaN: " + k.description());
    }
  }
  @Test
  void gemmTileAgreesExactlyForEveryTileHeightAndBeta() {
    for (int mr : new int[] {vector.tileRows(), vector.shortTileRows()}) {
      gemmTileAgreesExactly(mr);
    }
  }

  private void gemmTileAgreesExactly(int mr) {
    int nr = vector.tileCols();
    for (int kc : new int[] {1, 2, 7, 64, 257}) {
      for (float beta : new float[] {0f, 1f, -0.5f}) {
        float[] a = randomArray(kc * mr + 3);
        float[] b = randomArray(kc * nr + 1);
        a[1] = 0.25f; // keep NaN out of the products so every value is checked, not just propagated
        b[1] = -0.75f;
        a[2] = 0.5f;
        b[2] = 1.25f;
        a[3] = -1f;
        b[3] = 2f;
        a[a.length - 1] = 0.5f;
        b[b.length - 1] = 0.5f;
        int ldc = nr + 5;
        float[] cVector = randomArray(mr * ldc + 2);
        for (int i = 0; i < cVector.length; i++) {
          cVector[i] = beta == 0f && i % 3 == 0 ? Float.NaN : (float) (random.nextDouble() - 0.5);
        }
        float[] cPlain = cVector.clone();
        vector.gemmTile(mr, kc, a, 3, b, 1, 1.5f, beta, cVector, 2, ldc);
        plain.gemmTile(mr, kc, a, 3, b, 1, 1.5f, beta, cPlain, 2, ldc);
        assertArrayEquals(cPlain, cVector, "gemmTile " + mr + " rows, kc=" + kc + " beta=" + beta);
      }
    }
  }

  @Test
  void convTilesAgreeExactlyForEveryTileHeightAndBeta() {
    int nr = vector.tileCols();
    for (int mr : new int[] {vector.tileRows(), vector.shortTileRows()}) {
      for (int kc : new int[] {1, 7, 257}) {
        for (float beta : new float[] {0f, 1f}) {
          float[] a = finiteArray(kc * mr + 3);
          float[] x = finiteArray(3 * kc + nr + 40);
          int[] offsets = new int[kc + 2];
          for (int p = 0; p < offsets.length; p++) {
            offsets[p] = (int) ((p * 7919L + 5) % (3 * kc + 30)); // scattered, unaligned, some repeated
          }
          int ldc = nr + 5;
          float[] cVector = finiteArray(mr * ldc + 2);
          float[] cPlain = cVector.clone();
          vector.convTile(mr, kc, a, 3, x, 2, offsets, 1, beta, cVector, 2, ldc);
          plain.convTile(mr, kc, a, 3, x, 2, offsets, 1, beta, cPlain, 2, ldc);
          assertArrayEquals(cPlain, cVector, "convTile " + mr + " rows, kc=" + kc + " beta=" + beta);
        }
      }
    }
  }

  @Test
  void directConvTilesAgreeExactlyAndColumnsComeOutWithTheirBias() {
    int cols = vector.tileCols();
    int run = vector.directPositions();
    // Only 512-bit vectors leave room for the tile's 28 accumulators; narrower kernels have none.
    assumeTrue(run > 0, "no direct tile with " + vector.description());
    assertEquals(Kernels.DIRECT_POSITIONS, run);
    for (int kc : new int[] {1, 7, 257}) {
      float[] w = finiteArray(kc * cols + 3);
      float[] x = finiteArray(3 * kc + run + 40);
      int[] offsets = new int[kc + 2];
      for (int p = 0; p < offsets.length; p++) {
        offsets[p] = (int) ((p * 7919L + 5) % (3 * kc + 30)); // scattered, unaligned, some repeated
      }
      int rows = Math.max(run, vector.lanes());
      float[] productVector = new float[rows * cols + 1];
      float[] productPlain = new float[rows * cols + 1];
      vector.directConvTile(kc, w, 3, x, 2, offsets, 1, productVector, 1);
      plain.directConvTile(kc, w, 3, x, 2, offsets, 1, productPlain, 1);
      assertArrayEquals(productPlain, productVector, "directConvTile, kc=" + kc);
      for (int i = 0; i < run; i++) {
        double expected = 0;
        for (int p = 0; p < kc; p++) {
          expected += (double) x[2 + offsets[1 + p] + i] * w[3 + p * cols + 5];
        }
        assertEquals(expected, productVector[1 + i * cols + 5], 1e-5 * kc, "position " + i + ", filter 5, kc=" + kc);
      }
      for (int n : new int[] {1, run, vector.lanes()}) {
        float[] outVector = finiteArray(n + 4);
        float[] outPlain = outVector.clone();
        vector.copyColumnPlus(productVector, 1 + 5, cols, outVector, 2, n, 0.25f);
        plain.copyColumnPlus(productVector, 1 + 5, cols, outPlain, 2, n, 0.25f);
        assertArrayEquals(outPlain, outVector, "copyColumnPlus of " + n);
        assertEquals(productVector[1 + (n - 1) * cols + 5] + 0.25f, outVector[2 + n - 1], "the last one copied");
        float[] residual = finiteArray(n + 3);
        for (boolean relu : new boolean[] {false, true}) {
          float[] fusedVector = outVector.clone();
          float[] fusedPlain = outVector.clone();
          vector.copyColumnPlusResidualRelu(productVector, 1 + 5, cols, fusedVector, 2, n, 0.25f, residual, 3, relu);
          plain.copyColumnPlusResidualRelu(productVector, 1 + 5, cols, fusedPlain, 2, n, 0.25f, residual, 3, relu);
          assertArrayEquals(fusedPlain, fusedVector, "copyColumnPlusResidualRelu of " + n + ", relu " + relu);
          float unfused = productVector[1 + (n - 1) * cols + 5] + 0.25f + residual[3 + n - 1];
          assertEquals(relu ? Math.max(unfused, 0f) : unfused, fusedVector[2 + n - 1], "copy, bias, residual, ReLU");
        }
      }
    }
  }

  @Test
  void directRowTilesAgreeExactlyAndColumnsComeOutWithTheirBias() {
    int cols = vector.rowTileFilters();
    int run = Kernels.DIRECT_POSITIONS;
    assumeTrue(vector.directPositions() > 0, "no direct tile with " + vector.description());
    for (int taps : new int[] {3, 5}) {
      for (int rows : new int[] {1, 3, 160}) {
        float[] w = finiteArray(rows * taps * cols + 3);
        float[] x = finiteArray(3 * rows + run + 60);
        int[] offsets = new int[rows * taps + 2];
        for (int p = 0; p < offsets.length; p++) {
          offsets[p] = (int) ((p * 7919L + 5) % (3 * rows + 30)); // scattered, unaligned, some repeated
        }
        float[] productVector = new float[Math.max(run, vector.lanes()) * cols + 1];
        float[] productPlain = new float[productVector.length];
        vector.directRowTile(taps, rows, w, 3, x, 2, offsets, 1, productVector, 1);
        plain.directRowTile(taps, rows, w, 3, x, 2, offsets, 1, productPlain, 1);
        String what = taps + " taps a row, " + rows + " rows";
        assertArrayEquals(productPlain, productVector, "directRowTile, " + what);
        for (int i = 0; i < run; i++) {
          double expected = 0;
          for (int r = 0; r < rows; r++) {
            for (int j = 0; j < taps; j++) {
              expected += (double) x[2 + offsets[1 + r * taps] + i + j] * w[3 + (r * taps + j) * cols + 5];
            }
          }
          assertEquals(expected, productVector[1 + i * cols + 5], 1e-5 * rows * taps,
              "position " + i + ", filter 5, " + what);
        }
        for (int n : new int[] {1, run, vector.lanes()}) {
          float[] outVector = finiteArray(n + 4);
          float[] outPlain = outVector.clone();
          vector.copyColumnPlus(productVector, 1 + 5, cols, outVector, 2, n, -0.5f);
          plain.copyColumnPlus(productVector, 1 + 5, cols, outPlain, 2, n, -0.5f);
          assertArrayEquals(outPlain, outVector, "copyColumnPlus of " + n);
          assertEquals(productVector[1 + (n - 1) * cols + 5] - 0.5f, outVector[2 + n - 1], "the last one copied");
        }
      }
    }
  }

  @Test
  void depthwiseRowsAgreeExactlyAndSumTheirTapsInOrder() {
    for (int taps : new int[] {1, 6, 9, 25}) {
      for (int n : LENGTHS) {
        // A padded plane: every tap's run, and a vector past it, lies inside x.
        float[] x = finiteArray(taps * 3 + n + 2 * vector.lanes() + 40);
        int[] starts = new int[taps];
        float[] w = finiteArray(taps);
        for (int t = 0; t < taps; t++) {
          starts[t] = (t * 7) % 40;
        }
        float[] outVector = finiteArray(n + 4);
        float[] outPlain = outVector.clone();
        vector.depthwiseRow(x, starts, w, taps, 0.25f, outVector, 2, n);
        plain.depthwiseRow(x, starts, w, taps, 0.25f, outPlain, 2, n);
        assertArrayEquals(outPlain, outVector, "depthwiseRow of " + taps + " taps, n=" + n);
        for (int o = 0; o < n; o++) {
          float sum = 0f;
          for (int t = 0; t < taps; t++) {
            sum = Math.fma(w[t], x[starts[t] + o], sum);
          }
          assertEquals(sum + 0.25f, outVector[2 + o], "output " + o);
        }
        assertEquals(outPlain[0], outVector[0], "before the row");
        assertEquals(outPlain[n + 2], outVector[n + 2], "past the row: the masked tail writes nothing there");
      }
    }
  }

  @Test
  void deinterleavingSplitsARowByPhaseOnBothKernels() {
    for (int ways : new int[] {2, 3, 4}) {
      for (int n : LENGTHS) {
        float[] src = randomArray(n + 5);
        int phaseStride = n / ways + 7;
        float[] dstVector = finiteArray(ways * phaseStride + 3);
        float[] dstPlain = dstVector.clone();
        vector.deinterleave(src, 2, ways, dstVector, 1, phaseStride, n);
        plain.deinterleave(src, 2, ways, dstPlain, 1, phaseStride, n);
        assertArrayEquals(dstPlain, dstVector, "deinterleave " + ways + " ways, n=" + n);
        for (int i = 0; i < n; i++) {
          assertEquals(src[2 + i], dstVector[1 + i % ways * phaseStride + i / ways], "value " + i + " of " + n);
        }
      }
    }
  }

  @Test
  void tapRowGradientsComputeTheirContractOnBothKernels() {
    for (Kernels k : new Kernels[] {vector, plain}) {
      int filters = Kernels.FILTER_VECTORS * k.lanes();
      for (int positions : new int[] {1, 17, 224}) {
        for (int images : new int[] {1, 3}) {
          int dyStride = filters + 16; // more filters than one block: the block is a slice of each position
          int dyImageStride = positions * dyStride + 5;
          int[] at = new int[positions];
          for (int q = 0; q < positions; q++) {
            at[q] = q + q / 7; // rows of 7 outputs in 8 layout columns
          }
          int xImageStride = positions + positions / 7 + 11;
          float[] x = finiteArray(images * xImageStride + 8);
          float[] dyT = finiteArray(images * dyImageStride + 24);
          int block = Kernels.TAP_ROW * filters;
          float[] acc = finiteArray(block + 2);
          float[] before = acc.clone();
          k.tapRowGradient(x, 3, xImageStride, at, dyT, 7, dyImageStride, dyStride, images, positions, acc, 2);
          for (int j = 0; j < Kernels.TAP_ROW; j++) {
            for (int f = 0; f < filters; f++) {
              double expected = before[2 + j * filters + f];
              for (int m = 0; m < images; m++) {
                for (int q = 0; q < positions; q++) {
                  expected += (double) x[3 + m * xImageStride + at[q] + j]
                      * dyT[7 + m * dyImageStride + q * dyStride + f];
                }
              }
              assertEquals(expected, acc[2 + j * filters + f], 1e-5 * (1 + images * positions),
                  "tapRowGradient tap " + j + " filter " + f + ", " + images + " images of " + positions + " positions, "
                      + k.description());
            }
          }
          assertEquals(before[0], acc[0], "before the block");
          assertEquals(before[1], acc[1], "before the block");
        }
      }
    }
  }

  @Test
  void dotTilesComputeTheirContractOnBothKernels() {
    for (Kernels k : new Kernels[] {vector, plain}) {
      int lanes = k.lanes();
      for (int vectors : new int[] {1, 3, 14}) {
        for (int images : new int[] {1, 2, 5}) {
          int imageStride = Kernels.DOT_ROWS * vectors * lanes + 3;
          int bStride = vectors * lanes + 40;
          float[] a = finiteArray(images * imageStride + 2); // no NaN: every sum is checked
          float[] b = finiteArray(images * bStride + 2);
          int[] offsets = {99, 0, 5, 33, 1, 39, 9};
          int blocks = Kernels.DOT_ROWS * Kernels.DOT_COLS;
          float[] acc = new float[blocks * lanes + 1];
          for (int i = 0; i < blocks; i++) {
            acc[1 + i * lanes] = i; // a running sum to add to, in the first lane of each group
          }
          k.dotTile(a, 2, imageStride, b, 1, bStride, offsets, 1, images, vectors, acc, 1);
          for (int i = 0; i < Kernels.DOT_ROWS; i++) {
            for (int j = 0; j < Kernels.DOT_COLS; j++) {
              int block = i * Kernels.DOT_COLS + j;
              double expected = block;
              for (int m = 0; m < images; m++) {
                for (int q = 0; q < vectors * lanes; q++) {
                  int v = q / lanes;
                  int l = q % lanes;
                  expected += (double) a[2 + m * imageStride + (v * Kernels.DOT_ROWS + i) * lanes + l]
                      * b[1 + m * bStride + offsets[1 + j] + q];
                }
              }
              double sum = 0;
              for (int l = 0; l < lanes; l++) {
                sum += acc[1 + block * lanes + l];
              }
              assertEquals(expected, sum, 1e-5 * (1 + images * vectors * lanes),
                  "dotTile (" + i + ", " + j + "), " + images + " images of " + vectors + " vectors, " + k.description());
            }
          }
        }
      }
    }
  }

  private float[] finiteArray(int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) (random.nextDouble() - 0.5);
    }
    return values;
  }
}
