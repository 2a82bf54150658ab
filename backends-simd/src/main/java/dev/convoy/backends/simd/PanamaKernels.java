package dev.convoy.backends.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The only class that touches {@code jdk.incubator.vector}: the kernels of {@link Kernels} on the
 * preferred float species. {@link KernelSelection} loads it reflectively, and only after it has
 * checked that the module is in the boot layer, so nothing else links against the incubator API.
 *
 * <p>The GEMM micro-kernel keeps a {@code 12 x 2} tile of vector accumulators (24 of the 32
 * AVX-512 registers) when vectors are 512 bits wide, with an {@code 8 x 2} tile for row counts
 * that 12 divides badly (64 filters), and a {@code 6 x 2} tile (12 of 16 registers) when vectors
 * are narrower; each k step loads two vectors of B and broadcasts one value of A per row. The
 * accumulators are named locals rather than an array so that C2 keeps them in registers.
 */
final class PanamaKernels implements Kernels {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
  private final int rows;
  private final int shortRows;
  private final boolean wideVectors;
  /** Lanes 0, 2, 4... of two vectors side by side: the left column of each 2x2 window. */
  private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(S, i -> 2 * i);
  /** Lanes 1, 3, 5... of two vectors side by side: the right column of each 2x2 window. */
  private static final VectorShuffle<Float> ODD = VectorShuffle.fromOp(S, i -> 2 * i + 1);
  /** Gather indices of one filter's outputs in a direct tile's product: rows of two vectors, or of one (L). */
  private static final int[] TILE_COLUMN = java.util.stream.IntStream.range(0, L).map(i -> i * 2 * L).toArray();
  private static final int[] ROW_TILE_COLUMN = java.util.stream.IntStream.range(0, L).map(i -> i * L).toArray();
  /**
   * Lane rotations by L/2, L/4 ... 1: adding a vector to its rotations sums its lanes in one fixed
   * tree. reduceLanes(ADD) leaves the order open, and the interpreter's order differs from the
   * compiled one, so training came out different from run to run as the JIT got there at
   * different times.
   */
  private static final VectorShuffle<Float>[] FLOAT_ROTATIONS = rotations(S);
  private static final VectorShuffle<Double>[] DOUBLE_ROTATIONS = rotations(D);
  /** 0, 2, 4...: each output's offset from the row's first index. */
  private static final FloatVector TWICE_IOTA = FloatVector.fromArray(S, evenOffsets(), 0);

  @SuppressWarnings("unchecked")
  private static <E> VectorShuffle<E>[] rotations(VectorSpecies<E> species) {
    int steps = Integer.numberOfTrailingZeros(species.length());
    VectorShuffle<E>[] shuffles = new VectorShuffle[steps];
    for (int k = 0; k < steps; k++) {
      int by = species.length() >> (k + 1);
      shuffles[k] = VectorShuffle.fromOp(species, i -> (i + by) % species.length());
    }
    return shuffles;
  }

  private static float[] evenOffsets() {
    float[] offsets = new float[L];
    for (int i = 0; i < L; i++) {
      offsets[i] = 2 * i;
    }
    return offsets;
  }

  PanamaKernels() {
    boolean wide = S.vectorBitSize() >= 512;
    this.wideVectors = wide;
    this.rows = wide ? 12 : 6;
    this.shortRows = wide ? 8 : 6;
  }

  /** Bits in the preferred float vector, e.g. 512 on AVX-512; checked by {@link KernelSelection}. */
  static int preferredBits() {
    return S.vectorBitSize();
  }

  @Override
  public String description() {
    return "Vector API, " + S.vectorBitSize() + "-bit FloatVector (" + L + " lanes), GEMM tile " + rows + "x" + 2 * L;
  }

  @Override
  public int lanes() {
    return L;
  }

  @Override
  public int tileRows() {
    return rows;
  }

  @Override
  public int shortTileRows() {
    return shortRows;
  }

  @Override
  public int tileCols() {
    return 2 * L;
  }

  @Override
  public void gemmTile(int rows, int kc, float[] a, int aOff, float[] b, int bOff, float alpha, float beta,
      float[] c, int cOff, int ldc) {
    switch (rows) {
      case 12 -> tile12(kc, a, aOff, b, bOff, alpha, beta, c, cOff, ldc);
      case 8 -> tile8(kc, a, aOff, b, bOff, alpha, beta, c, cOff, ldc);
      case 6 -> tile6(kc, a, aOff, b, bOff, alpha, beta, c, cOff, ldc);
      default -> throw new IllegalArgumentException("no " + rows + "-row GEMM tile");
    }
  }

  private static void tile12(int kc, float[] a, int ao, float[] b, int bo, float alpha, float beta, float[] c,
      int co, int ldc) {
    FloatVector z = FloatVector.zero(S);
    FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
    FloatVector c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
    FloatVector c80 = z, c81 = z, c90 = z, c91 = z, ca0 = z, ca1 = z, cb0 = z, cb1 = z;
    for (int p = 0; p < kc; p++) {
      FloatVector b0 = FloatVector.fromArray(S, b, bo);
      FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
      FloatVector x = FloatVector.broadcast(S, a[ao]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, a[ao + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, a[ao + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, a[ao + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(S, a[ao + 4]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(S, a[ao + 5]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      x = FloatVector.broadcast(S, a[ao + 6]);
      c60 = x.fma(b0, c60);
      c61 = x.fma(b1, c61);
      x = FloatVector.broadcast(S, a[ao + 7]);
      c70 = x.fma(b0, c70);
      c71 = x.fma(b1, c71);
      x = FloatVector.broadcast(S, a[ao + 8]);
      c80 = x.fma(b0, c80);
      c81 = x.fma(b1, c81);
      x = FloatVector.broadcast(S, a[ao + 9]);
      c90 = x.fma(b0, c90);
      c91 = x.fma(b1, c91);
      x = FloatVector.broadcast(S, a[ao + 10]);
      ca0 = x.fma(b0, ca0);
      ca1 = x.fma(b1, ca1);
      x = FloatVector.broadcast(S, a[ao + 11]);
      cb0 = x.fma(b0, cb0);
      cb1 = x.fma(b1, cb1);
      ao += 12;
      bo += 2 * L;
    }
    // Stores written out rather than a helper: a call would box the accumulators.
    FloatVector av = FloatVector.broadcast(S, alpha);
    if (beta == 0f) {
      c00.mul(av).intoArray(c, co);
      c01.mul(av).intoArray(c, co + L);
      c10.mul(av).intoArray(c, co + ldc);
      c11.mul(av).intoArray(c, co + ldc + L);
      c20.mul(av).intoArray(c, co + 2 * ldc);
      c21.mul(av).intoArray(c, co + 2 * ldc + L);
      c30.mul(av).intoArray(c, co + 3 * ldc);
      c31.mul(av).intoArray(c, co + 3 * ldc + L);
      c40.mul(av).intoArray(c, co + 4 * ldc);
      c41.mul(av).intoArray(c, co + 4 * ldc + L);
      c50.mul(av).intoArray(c, co + 5 * ldc);
      c51.mul(av).intoArray(c, co + 5 * ldc + L);
      c60.mul(av).intoArray(c, co + 6 * ldc);
      c61.mul(av).intoArray(c, co + 6 * ldc + L);
      c70.mul(av).intoArray(c, co + 7 * ldc);
      c71.mul(av).intoArray(c, co + 7 * ldc + L);
      c80.mul(av).intoArray(c, co + 8 * ldc);
      c81.mul(av).intoArray(c, co + 8 * ldc + L);
      c90.mul(av).intoArray(c, co + 9 * ldc);
      c91.mul(av).intoArray(c, co + 9 * ldc + L);
      ca0.mul(av).intoArray(c, co + 10 * ldc);
      ca1.mul(av).intoArray(c, co + 10 * ldc + L);
      cb0.mul(av).intoArray(c, co + 11 * ldc);
      cb1.mul(av).intoArray(c, co + 11 * ldc + L);
    } else {
      c00.fma(av, FloatVector.fromArray(S, c, co).mul(beta)).intoArray(c, co);
      c01.fma(av, FloatVector.fromArray(S, c, co + L).mul(beta)).intoArray(c, co + L);
      c10.fma(av, FloatVector.fromArray(S, c, co + ldc).mul(beta)).intoArray(c, co + ldc);
      c11.fma(av, FloatVector.fromArray(S, c, co + ldc + L).mul(beta)).intoArray(c, co + ldc + L);
      c20.fma(av, FloatVector.fromArray(S, c, co + 2 * ldc).mul(beta)).intoArray(c, co + 2 * ldc);
      c21.fma(av, FloatVector.fromArray(S, c, co + 2 * ldc + L).mul(beta)).intoArray(c, co + 2 * ldc + L);
      c30.fma(av, FloatVector.fromArray(S, c, co + 3 * ldc).mul(beta)).intoArray(c, co + 3 * ldc);
      c31.fma(av, FloatVector.fromArray(S, c, co + 3 * ldc + L).mul(beta)).intoArray(c, co + 3 * ldc + L);
      c40.fma(av, FloatVector.fromArray(S, c, co + 4 * ldc).mul(beta)).intoArray(c, co + 4 * ldc);
      c41.fma(av, FloatVector.fromArray(S, c, co + 4 * ldc + L).mul(beta)).intoArray(c, co + 4 * ldc + L);
      c50.fma(av, FloatVector.fromArray(S, c, co + 5 * ldc).mul(beta)).intoArray(c, co + 5 * ldc);
      c51.fma(av, FloatVector.fromArray(S, c, co + 5 * ldc + L).mul(beta)).intoArray(c, co + 5 * ldc + L);
      c60.fma(av, FloatVector.fromArray(S, c, co + 6 * ldc).mul(beta)).intoArray(c, co + 6 * ldc);
      c61.fma(av, FloatVector.fromArray(S, c, co + 6 * ldc + L).mul(beta)).intoArray(c, co + 6 * ldc + L);
      c70.fma(av, FloatVector.fromArray(S, c, co + 7 * ldc).mul(beta)).intoArray(c, co + 7 * ldc);
      c71.fma(av, FloatVector.fromArray(S, c, co + 7 * ldc + L).mul(beta)).intoArray(c, co + 7 * ldc + L);
      c80.fma(av, FloatVector.fromArray(S, c, co + 8 * ldc).mul(beta)).intoArray(c, co + 8 * ldc);
      c81.fma(av, FloatVector.fromArray(S, c, co + 8 * ldc + L).mul(beta)).intoArray(c, co + 8 * ldc + L);
      c90.fma(av, FloatVector.fromArray(S, c, co + 9 * ldc).mul(beta)).intoArray(c, co + 9 * ldc);
      c91.fma(av, FloatVector.fromArray(S, c, co + 9 * ldc + L).mul(beta)).intoArray(c, co + 9 * ldc + L);
      ca0.fma(av, FloatVector.fromArray(S, c, co + 10 * ldc).mul(beta)).intoArray(c, co + 10 * ldc);
      ca1.fma(av, FloatVector.fromArray(S, c, co + 10 * ldc + L).mul(beta)).intoArray(c, co + 10 * ldc + L);
      cb0.fma(av, FloatVector.fromArray(S, c, co + 11 * ldc).mul(beta)).intoArray(c, co + 11 * ldc);
      cb1.fma(av, FloatVector.fromArray(S, c, co + 11 * ldc + L).mul(beta)).intoArray(c, co + 11 * ldc + L);
    }
  }

  private static void tile8(int kc, float[] a, int ao, float[] b, int bo, float alpha, float beta, float[] c,
      int co, int ldc) {
    FloatVector z = FloatVector.zero(S);
    FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
    FloatVector c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
    for (int p = 0; p < kc; p++) {
      FloatVector b0 = FloatVector.fromArray(S, b, bo);
      FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
      FloatVector x = FloatVector.broadcast(S, a[ao]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, a[ao + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, a[ao + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, a[ao + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(S, a[ao + 4]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(S, a[ao + 5]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      x = FloatVector.broadcast(S, a[ao + 6]);
      c60 = x.fma(b0, c60);
      c61 = x.fma(b1, c61);
      x = FloatVector.broadcast(S, a[ao + 7]);
      c70 = x.fma(b0, c70);
      c71 = x.fma(b1, c71);
      ao += 8;
      bo += 2 * L;
    }
    // Stores written out rather than a helper: a call would box the accumulators.
    FloatVector av = FloatVector.broadcast(S, alpha);
    if (beta == 0f) {
      c00.mul(av).intoArray(c, co);
      c01.mul(av).intoArray(c, co + L);
      c10.mul(av).intoArray(c, co + ldc);
      c11.mul(av).intoArray(c, co + ldc + L);
      c20.mul(av).intoArray(c, co + 2 * ldc);
      c21.mul(av).intoArray(c, co + 2 * ldc + L);
      c30.mul(av).intoArray(c, co + 3 * ldc);
      c31.mul(av).intoArray(c, co + 3 * ldc + L);
      c40.mul(av).intoArray(c, co + 4 * ldc);
      c41.mul(av).intoArray(c, co + 4 * ldc + L);
      c50.mul(av).intoArray(c, co + 5 * ldc);
      c51.mul(av).intoArray(c, co + 5 * ldc + L);
      c60.mul(av).intoArray(c, co + 6 * ldc);
      c61.mul(av).intoArray(c, co + 6 * ldc + L);
      c70.mul(av).intoArray(c, co + 7 * ldc);
      c71.mul(av).intoArray(c, co + 7 * ldc + L);
    } else {
      c00.fma(av, FloatVector.fromArray(S, c, co).mul(beta)).intoArray(c, co);
      c01.fma(av, FloatVector.fromArray(S, c, co + L).mul(beta)).intoArray(c, co + L);
      c10.fma(av, FloatVector.fromArray(S, c, co + ldc).mul(beta)).intoArray(c, co + ldc);
      c11.fma(av, FloatVector.fromArray(S, c, co + ldc + L).mul(beta)).intoArray(c, co + ldc + L);
      c20.fma(av, FloatVector.fromArray(S, c, co + 2 * ldc).mul(beta)).intoArray(c, co + 2 * ldc);
      c21.fma(av, FloatVector.fromArray(S, c, co + 2 * ldc + L).mul(beta)).intoArray(c, co + 2 * ldc + L);
      c30.fma(av, FloatVector.fromArray(S, c, co + 3 * ldc).mul(beta)).intoArray(c, co + 3 * ldc);
      c31.fma(av, FloatVector.fromArray(S, c, co + 3 * ldc + L).mul(beta)).intoArray(c, co + 3 * ldc + L);
      c40.fma(av, FloatVector.fromArray(S, c, co + 4 * ldc).mul(beta)).intoArray(c, co + 4 * ldc);
      c41.fma(av, FloatVector.fromArray(S, c, co + 4 * ldc + L).mul(beta)).intoArray(c, co + 4 * ldc + L);
      c50.fma(av, FloatVector.fromArray(S, c, co + 5 * ldc).mul(beta)).intoArray(c, co + 5 * ldc);
      c51.fma(av, FloatVector.fromArray(S, c, co + 5 * ldc + L).mul(beta)).intoArray(c, co + 5 * ldc + L);
      c60.fma(av, FloatVector.fromArray(S, c, co + 6 * ldc).mul(beta)).intoArray(c, co + 6 * ldc);
      c61.fma(av, FloatVector.fromArray(S, c, co + 6 * ldc + L).mul(beta)).intoArray(c, co + 6 * ldc + L);
      c70.fma(av, FloatVector.fromArray(S, c, co + 7 * ldc).mul(beta)).intoArray(c, co + 7 * ldc);
      c71.fma(av, FloatVector.fromArray(S, c, co + 7 * ldc + L).mul(beta)).intoArray(c, co + 7 * ldc + L);
    }
  }

  private static void tile6(int kc, float[] a, int ao, float[] b, int bo, float alpha, float beta, float[] c,
      int co, int ldc) {
    FloatVector z = FloatVector.zero(S);
    FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
    FloatVector c40 = z, c41 = z, c50 = z, c51 = z;
    for (int p = 0; p < kc; p++) {
      FloatVector b0 = FloatVector.fromArray(S, b, bo);
      FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
      FloatVector x = FloatVector.broadcast(S, a[ao]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, a[ao + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, a[ao + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, a[ao + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(S, a[ao + 4]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(S, a[ao + 5]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      ao += 6;
      bo += 2 * L;
    }
    // Stores written out rather than a helper: a call would box the accumulators.
    FloatVector av = FloatVector.broadcast(S, alpha);
    if (beta == 0f) {
      c00.mul(av).intoArray(c, co);
      c01.mul(av).intoArray(c, co + L);
      c10.mul(av).intoArray(c, co + ldc);
      c11.mul(av).intoArray(c, co + ldc + L);
      c20.mul(av).intoArray(c, co + 2 * ldc);
      c21.mul(av).intoArray(c, co + 2 * ldc + L);
      c30.mul(av).intoArray(c, co + 3 * ldc);
      c31.mul(av).intoArray(c, co + 3 * ldc + L);
      c40.mul(av).intoArray(c, co + 4 * ldc);
      c41.mul(av).intoArray(c, co + 4 * ldc + L);
      c50.mul(av).intoArray(c, co + 5 * ldc);
      c51.mul(av).intoArray(c, co + 5 * ldc + L);
    } else {
      c00.fma(av, FloatVector.fromArray(S, c, co).mul(beta)).intoArray(c, co);
      c01.fma(av, FloatVector.fromArray(S, c, co + L).mul(beta)).intoArray(c, co + L);
      c10.fma(av, FloatVector.fromArray(S, c, co + ldc).mul(beta)).intoArray(c, co + ldc);
      c11.fma(av, FloatVector.fromArray(S, c, co + ldc + L).mul(beta)).intoArray(c, co + ldc + L);
      c20.fma(av, FloatVector.fromArray(S, c, co + 2 * ldc).mul(beta)).intoArray(c, co + 2 * ldc);
      c21.fma(av, FloatVector.fromArray(S, c, co + 2 * ldc + L).mul(beta)).intoArray(c, co + 2 * ldc + L);
      c30.fma(av, FloatVector.fromArray(S, c, co + 3 * ldc).mul(beta)).intoArray(c, co + 3 * ldc);
      c31.fma(av, FloatVector.fromArray(S, c, co + 3 * ldc + L).mul(beta)).intoArray(c, co + 3 * ldc + L);
      c40.fma(av, FloatVector.fromArray(S, c, co + 4 * ldc).mul(beta)).intoArray(c, co + 4 * ldc);
      c41.fma(av, FloatVector.fromArray(S, c, co + 4 * ldc + L).mul(beta)).intoArray(c, co + 4 * ldc + L);
      c50.fma(av, FloatVector.fromArray(S, c, co + 5 * ldc).mul(beta)).intoArray(c, co + 5 * ldc);
      c51.fma(av, FloatVector.fromArray(S, c, co + 5 * ldc + L).mul(beta)).intoArray(c, co + 5 * ldc + L);
    }
  }


  @Override
  public void convTile(int rows, int kc, float[] a, int aOff, float[] x, int xOff, int[] offsets, int offIdx,
      float beta, float[] c, int cOff, int ldc) {
    switch (rows) {
      case 12 -> conv12(kc, a, aOff, x, xOff, offsets, offIdx, 1f, beta, c, cOff, ldc);
      case 8 -> conv8(kc, a, aOff, x, xOff, offsets, offIdx, 1f, beta, c, cOff, ldc);
      case 6 -> conv6(kc, a, aOff, x, xOff, offsets, offIdx, 1f, beta, c, cOff, ldc);
      default -> throw new IllegalArgumentException("no " + rows + "-row convolution tile");
    }
  }

  @Override
  public int directPositions() {
    return wideVectors ? DIRECT_POSITIONS : 0;
  }

  @Override
  public void directConvTile(int kc, float[] w, int wOff, float[] x, int xOff, int[] offsets, int offIdx,
      float[] product, int pOff) {
    // 28 accumulators, 2 filter vectors and one broadcast: 31 of the 32 zmm registers on paper, but
    // C2 keeps three broadcasts live and spills one accumulator to the stack on every tap (hsdis).
    // Per tap 16 loads feed 28 FMAs, against 10 per 16 in the 8 x 32 GEMM tile. Rows of 3 or 5
    // taps take directRowTile instead; this serves the other widths (dilated rows).
    FloatVector z = FloatVector.zero(S);
    FloatVector a00 = z, a01 = z, a10 = z, a11 = z, a20 = z, a21 = z, a30 = z, a31 = z;
    FloatVector a40 = z, a41 = z, a50 = z, a51 = z, a60 = z, a61 = z, a70 = z, a71 = z;
    FloatVector a80 = z, a81 = z, a90 = z, a91 = z, aa0 = z, aa1 = z;
    FloatVector ab0 = z, ab1 = z, ac0 = z, ac1 = z, ad0 = z, ad1 = z;
    for (int p = 0; p < kc; p++) {
      int at = xOff + offsets[offIdx + p];
      FloatVector w0 = FloatVector.fromArray(S, w, wOff);
      FloatVector w1 = FloatVector.fromArray(S, w, wOff + L);
      wOff += 2 * L;
      FloatVector v;
      v = FloatVector.broadcast(S, x[at + 0]);
      a00 = v.fma(w0, a00);
      a01 = v.fma(w1, a01);
      v = FloatVector.broadcast(S, x[at + 1]);
      a10 = v.fma(w0, a10);
      a11 = v.fma(w1, a11);
      v = FloatVector.broadcast(S, x[at + 2]);
      a20 = v.fma(w0, a20);
      a21 = v.fma(w1, a21);
      v = FloatVector.broadcast(S, x[at + 3]);
      a30 = v.fma(w0, a30);
      a31 = v.fma(w1, a31);
      v = FloatVector.broadcast(S, x[at + 4]);
      a40 = v.fma(w0, a40);
      a41 = v.fma(w1, a41);
      v = FloatVector.broadcast(S, x[at + 5]);
      a50 = v.fma(w0, a50);
      a51 = v.fma(w1, a51);
      v = FloatVector.broadcast(S, x[at + 6]);
      a60 = v.fma(w0, a60);
      a61 = v.fma(w1, a61);
      v = FloatVector.broadcast(S, x[at + 7]);
      a70 = v.fma(w0, a70);
      a71 = v.fma(w1, a71);
      v = FloatVector.broadcast(S, x[at + 8]);
      a80 = v.fma(w0, a80);
      a81 = v.fma(w1, a81);
      v = FloatVector.broadcast(S, x[at + 9]);
      a90 = v.fma(w0, a90);
      a91 = v.fma(w1, a91);
      v = FloatVector.broadcast(S, x[at + 10]);
      aa0 = v.fma(w0, aa0);
      aa1 = v.fma(w1, aa1);
      v = FloatVector.broadcast(S, x[at + 11]);
      ab0 = v.fma(w0, ab0);
      ab1 = v.fma(w1, ab1);
      v = FloatVector.broadcast(S, x[at + 12]);
      ac0 = v.fma(w0, ac0);
      ac1 = v.fma(w1, ac1);
      v = FloatVector.broadcast(S, x[at + 13]);
      ad0 = v.fma(w0, ad0);
      ad1 = v.fma(w1, ad1);
    }
    a00.intoArray(product, pOff + 0 * L);
    a01.intoArray(product, pOff + 1 * L);
    a10.intoArray(product, pOff + 2 * L);
    a11.intoArray(product, pOff + 3 * L);
    a20.intoArray(product, pOff + 4 * L);
    a21.intoArray(product, pOff + 5 * L);
    a30.intoArray(product, pOff + 6 * L);
    a31.intoArray(product, pOff + 7 * L);
    a40.intoArray(product, pOff + 8 * L);
    a41.intoArray(product, pOff + 9 * L);
    a50.intoArray(product, pOff + 10 * L);
    a51.intoArray(product, pOff + 11 * L);
    a60.intoArray(product, pOff + 12 * L);
    a61.intoArray(product, pOff + 13 * L);
    a70.intoArray(product, pOff + 14 * L);
    a71.intoArray(product, pOff + 15 * L);
    a80.intoArray(product, pOff + 16 * L);
    a81.intoArray(product, pOff + 17 * L);
    a90.intoArray(product, pOff + 18 * L);
    a91.intoArray(product, pOff + 19 * L);
    aa0.intoArray(product, pOff + 20 * L);
    aa1.intoArray(product, pOff + 21 * L);
    ab0.intoArray(product, pOff + 22 * L);
    ab1.intoArray(product, pOff + 23 * L);
    ac0.intoArray(product, pOff + 24 * L);
    ac1.intoArray(product, pOff + 25 * L);
    ad0.intoArray(product, pOff + 26 * L);
    ad1.intoArray(product, pOff + 27 * L);
  }

  @Override
  public int rowTileFilters() {
    return L;
  }

  @Override
  public void directRowTile(int kw, int rows, float[] w, int wOff, float[] x, int xOff, int[] offsets, int offIdx,
      float[] product, int pOff) {
    // 14 accumulators (14 positions, one vector of filters) and the row's weight vectors stay in
    // registers; each input value the row reads is broadcast once and meets every position that
    // needs it: 18 broadcasts and 5 loads per 70 FMAs for 5 taps, 16 and 3 per 42 for 3. The
    // tap-at-a-time tile needs 16 loads, 14 of them broadcasts, per 28 FMAs (on this machine the
    // broadcasts bounded it), and C2 spilled one of its 28 accumulators on every tap. 7 positions x
    // 2 filter vectors (11 broadcasts and 10 loads per 70 FMAs) ran ~10% slower for 5 taps.
    switch (kw) {
      case 5 -> rowTile5(rows, w, wOff, x, xOff, offsets, offIdx, product, pOff);
      case 3 -> rowTile3(rows, w, wOff, x, xOff, offsets, offIdx, product, pOff);
      default -> throw new IllegalArgumentException("no row tile for " + kw + " taps a row");
    }
  }

  private void rowTile5(int rows, float[] w, int wOff, float[] x, int xOff, int[] offsets, int offIdx,
      float[] product, int pOff) {
    FloatVector z = FloatVector.zero(S);
    FloatVector a00 = z, a01 = z, a02 = z, a03 = z, a04 = z, a05 = z, a06 = z;
    FloatVector a07 = z, a08 = z, a09 = z, a10 = z, a11 = z, a12 = z, a13 = z;
    for (int r = 0; r < rows; r++) {
      int at = xOff + offsets[offIdx + r * 5];
      int wr = wOff + r * 5 * L;
      FloatVector w0 = FloatVector.fromArray(S, w, wr + 0 * L);
      FloatVector w1 = FloatVector.fromArray(S, w, wr + 1 * L);
      FloatVector w2 = FloatVector.fromArray(S, w, wr + 2 * L);
      FloatVector w3 = FloatVector.fromArray(S, w, wr + 3 * L);
      FloatVector w4 = FloatVector.fromArray(S, w, wr + 4 * L);
      FloatVector b;
      b = FloatVector.broadcast(S, x[at + 0]);
      a00 = b.fma(w0, a00);
      b = FloatVector.broadcast(S, x[at + 1]);
      a01 = b.fma(w0, a01);
      a00 = b.fma(w1, a00);
      b = FloatVector.broadcast(S, x[at + 2]);
      a02 = b.fma(w0, a02);
      a01 = b.fma(w1, a01);
      a00 = b.fma(w2, a00);
      b = FloatVector.broadcast(S, x[at + 3]);
      a03 = b.fma(w0, a03);
      a02 = b.fma(w1, a02);
      a01 = b.fma(w2, a01);
      a00 = b.fma(w3, a00);
      b = FloatVector.broadcast(S, x[at + 4]);
      a04 = b.fma(w0, a04);
      a03 = b.fma(w1, a03);
      a02 = b.fma(w2, a02);
      a01 = b.fma(w3, a01);
      a00 = b.fma(w4, a00);
      b = FloatVector.broadcast(S, x[at + 5]);
      a05 = b.fma(w0, a05);
      a04 = b.fma(w1, a04);
      a03 = b.fma(w2, a03);
      a02 = b.fma(w3, a02);
      a01 = b.fma(w4, a01);
      b = FloatVector.broadcast(S, x[at + 6]);
      a06 = b.fma(w0, a06);
      a05 = b.fma(w1, a05);
      a04 = b.fma(w2, a04);
      a03 = b.fma(w3, a03);
      a02 = b.fma(w4, a02);
      b = FloatVector.broadcast(S, x[at + 7]);
      a07 = b.fma(w0, a07);
      a06 = b.fma(w1, a06);
      a05 = b.fma(w2, a05);
      a04 = b.fma(w3, a04);
      a03 = b.fma(w4, a03);
      b = FloatVector.broadcast(S, x[at + 8]);
      a08 = b.fma(w0, a08);
      a07 = b.fma(w1, a07);
      a06 = b.fma(w2, a06);
      a05 = b.fma(w3, a05);
      a04 = b.fma(w4, a04);
      b = FloatVector.broadcast(S, x[at + 9]);
      a09 = b.fma(w0, a09);
      a08 = b.fma(w1, a08);
      a07 = b.fma(w2, a07);
      a06 = b.fma(w3, a06);
      a05 = b.fma(w4, a05);
      b = FloatVector.broadcast(S, x[at + 10]);
      a10 = b.fma(w0, a10);
      a09 = b.fma(w1, a09);
      a08 = b.fma(w2, a08);
      a07 = b.fma(w3, a07);
      a06 = b.fma(w4, a06);
      b = FloatVector.broadcast(S, x[at + 11]);
      a11 = b.fma(w0, a11);
      a10 = b.fma(w1, a10);
      a09 = b.fma(w2, a09);
      a08 = b.fma(w3, a08);
      a07 = b.fma(w4, a07);
      b = FloatVector.broadcast(S, x[at + 12]);
      a12 = b.fma(w0, a12);
      a11 = b.fma(w1, a11);
      a10 = b.fma(w2, a10);
      a09 = b.fma(w3, a09);
      a08 = b.fma(w4, a08);
      b = FloatVector.broadcast(S, x[at + 13]);
      a13 = b.fma(w0, a13);
      a12 = b.fma(w1, a12);
      a11 = b.fma(w2, a11);
      a10 = b.fma(w3, a10);
      a09 = b.fma(w4, a09);
      b = FloatVector.broadcast(S, x[at + 14]);
      a13 = b.fma(w1, a13);
      a12 = b.fma(w2, a12);
      a11 = b.fma(w3, a11);
      a10 = b.fma(w4, a10);
      b = FloatVector.broadcast(S, x[at + 15]);
      a13 = b.fma(w2, a13);
      a12 = b.fma(w3, a12);
      a11 = b.fma(w4, a11);
      b = FloatVector.broadcast(S, x[at + 16]);
      a13 = b.fma(w3, a13);
      a12 = b.fma(w4, a12);
      b = FloatVector.broadcast(S, x[at + 17]);
      a13 = b.fma(w4, a13);
    }
    a00.intoArray(product, pOff + 0 * L);
    a01.intoArray(product, pOff + 1 * L);
    a02.intoArray(product, pOff + 2 * L);
    a03.intoArray(product, pOff + 3 * L);
    a04.intoArray(product, pOff + 4 * L);
    a05.intoArray(product, pOff + 5 * L);
    a06.intoArray(product, pOff + 6 * L);
    a07.intoArray(product, pOff + 7 * L);
    a08.intoArray(product, pOff + 8 * L);
    a09.intoArray(product, pOff + 9 * L);
    a10.intoArray(product, pOff + 10 * L);
    a11.intoArray(product, pOff + 11 * L);
    a12.intoArray(product, pOff + 12 * L);
    a13.intoArray(product, pOff + 13 * L);
  }

  private void rowTile3(int rows, float[] w, int wOff, float[] x, int xOff, int[] offsets, int offIdx,
      float[] product, int pOff) {
    FloatVector z = FloatVector.zero(S);
    FloatVector a00 = z, a01 = z, a02 = z, a03 = z, a04 = z, a05 = z, a06 = z;
    FloatVector a07 = z, a08 = z, a09 = z, a10 = z, a11 = z, a12 = z, a13 = z;
    for (int r = 0; r < rows; r++) {
      int at = xOff + offsets[offIdx + r * 3];
      int wr = wOff + r * 3 * L;
      FloatVector w0 = FloatVector.fromArray(S, w, wr + 0 * L);
      FloatVector w1 = FloatVector.fromArray(S, w, wr + 1 * L);
      FloatVector w2 = FloatVector.fromArray(S, w, wr + 2 * L);
      FloatVector b;
      b = FloatVector.broadcast(S, x[at + 0]);
      a00 = b.fma(w0, a00);
      b = FloatVector.broadcast(S, x[at + 1]);
      a01 = b.fma(w0, a01);
      a00 = b.fma(w1, a00);
      b = FloatVector.broadcast(S, x[at + 2]);
      a02 = b.fma(w0, a02);
      a01 = b.fma(w1, a01);
      a00 = b.fma(w2, a00);
      b = FloatVector.broadcast(S, x[at + 3]);
      a03 = b.fma(w0, a03);
      a02 = b.fma(w1, a02);
      a01 = b.fma(w2, a01);
      b = FloatVector.broadcast(S, x[at + 4]);
      a04 = b.fma(w0, a04);
      a03 = b.fma(w1, a03);
      a02 = b.fma(w2, a02);
      b = FloatVector.broadcast(S, x[at + 5]);
      a05 = b.fma(w0, a05);
      a04 = b.fma(w1, a04);
      a03 = b.fma(w2, a03);
      b = FloatVector.broadcast(S, x[at + 6]);
      a06 = b.fma(w0, a06);
      a05 = b.fma(w1, a05);
      a04 = b.fma(w2, a04);
      b = FloatVector.broadcast(S, x[at + 7]);
      a07 = b.fma(w0, a07);
      a06 = b.fma(w1, a06);
      a05 = b.fma(w2, a05);
      b = FloatVector.broadcast(S, x[at + 8]);
      a08 = b.fma(w0, a08);
      a07 = b.fma(w1, a07);
      a06 = b.fma(w2, a06);
      b = FloatVector.broadcast(S, x[at + 9]);
      a09 = b.fma(w0, a09);
      a08 = b.fma(w1, a08);
      a07 = b.fma(w2, a07);
      b = FloatVector.broadcast(S, x[at + 10]);
      a10 = b.fma(w0, a10);
      a09 = b.fma(w1, a09);
      a08 = b.fma(w2, a08);
      b = FloatVector.broadcast(S, x[at + 11]);
      a11 = b.fma(w0, a11);
      a10 = b.fma(w1, a10);
      a09 = b.fma(w2, a09);
      b = FloatVector.broadcast(S, x[at + 12]);
      a12 = b.fma(w0, a12);
      a11 = b.fma(w1, a11);
      a10 = b.fma(w2, a10);
      b = FloatVector.broadcast(S, x[at + 13]);
      a13 = b.fma(w0, a13);
      a12 = b.fma(w1, a12);
      a11 = b.fma(w2, a11);
      b = FloatVector.broadcast(S, x[at + 14]);
      a13 = b.fma(w1, a13);
      a12 = b.fma(w2, a12);
      b = FloatVector.broadcast(S, x[at + 15]);
      a13 = b.fma(w2, a13);
    }
    a00.intoArray(product, pOff + 0 * L);
    a01.intoArray(product, pOff + 1 * L);
    a02.intoArray(product, pOff + 2 * L);
    a03.intoArray(product, pOff + 3 * L);
    a04.intoArray(product, pOff + 4 * L);
    a05.intoArray(product, pOff + 5 * L);
    a06.intoArray(product, pOff + 6 * L);
    a07.intoArray(product, pOff + 7 * L);
    a08.intoArray(product, pOff + 8 * L);
    a09.intoArray(product, pOff + 9 * L);
    a10.intoArray(product, pOff + 10 * L);
    a11.intoArray(product, pOff + 11 * L);
    a12.intoArray(product, pOff + 12 * L);
    a13.intoArray(product, pOff + 13 * L);
  }

  // The GEMM tiles again, with B's row p read in place at x[xOff + offsets[offIdx + p]] instead of
  // from a packed panel: the phase layout's tap runs are already contiguous, so packing was a copy.
  private static void conv12(int kc, float[] a, int ao, float[] b, int bo, int[] offsets, int oi, float alpha,
      float beta, float[] c, int co, int ldc) {
    FloatVector z = FloatVector.zero(S);
    FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
    FloatVector c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
    FloatVector c80 = z, c81 = z, c90 = z, c91 = z, ca0 = z, ca1 = z, cb0 = z, cb1 = z;
    for (int p = 0; p < kc; p++) {
      int at = bo + offsets[oi + p];
      FloatVector b0 = FloatVector.fromArray(S, b, at);
      FloatVector b1 = FloatVector.fromArray(S, b, at + L);
      FloatVector x = FloatVector.broadcast(S, a[ao]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, a[ao + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, a[ao + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, a[ao + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(S, a[ao + 4]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(S, a[ao + 5]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      x = FloatVector.broadcast(S, a[ao + 6]);
      c60 = x.fma(b0, c60);
      c61 = x.fma(b1, c61);
      x = FloatVector.broadcast(S, a[ao + 7]);
      c70 = x.fma(b0, c70);
      c71 = x.fma(b1, c71);
      x = FloatVector.broadcast(S, a[ao + 8]);
      c80 = x.fma(b0, c80);
      c81 = x.fma(b1, c81);
      x = FloatVector.broadcast(S, a[ao + 9]);
      c90 = x.fma(b0, c90);
      c91 = x.fma(b1, c91);
      x = FloatVector.broadcast(S, a[ao + 10]);
      ca0 = x.fma(b0, ca0);
      ca1 = x.fma(b1, ca1);
      x = FloatVector.broadcast(S, a[ao + 11]);
      cb0 = x.fma(b0, cb0);
      cb1 = x.fma(b1, cb1);
      ao += 12;
    }
    // Stores written out rather than a helper: a call would box the accumulators.
    FloatVector av = FloatVector.broadcast(S, alpha);
    if (beta == 0f) {
      c00.mul(av).intoArray(c, co);
      c01.mul(av).intoArray(c, co + L);
      c10.mul(av).intoArray(c, co + ldc);
      c11.mul(av).intoArray(c, co + ldc + L);
      c20.mul(av).intoArray(c, co + 2 * ldc);
      c21.mul(av).intoArray(c, co + 2 * ldc + L);
      c30.mul(av).intoArray(c, co + 3 * ldc);
      c31.mul(av).intoArray(c, co + 3 * ldc + L);
      c40.mul(av).intoArray(c, co + 4 * ldc);
      c41.mul(av).intoArray(c, co + 4 * ldc + L);
      c50.mul(av).intoArray(c, co + 5 * ldc);
      c51.mul(av).intoArray(c, co + 5 * ldc + L);
      c60.mul(av).intoArray(c, co + 6 * ldc);
      c61.mul(av).intoArray(c, co + 6 * ldc + L);
      c70.mul(av).intoArray(c, co + 7 * ldc);
      c71.mul(av).intoArray(c, co + 7 * ldc + L);
      c80.mul(av).intoArray(c, co + 8 * ldc);
      c81.mul(av).intoArray(c, co + 8 * ldc + L);
      c90.mul(av).intoArray(c, co + 9 * ldc);
      c91.mul(av).intoArray(c, co + 9 * ldc + L);
      ca0.mul(av).intoArray(c, co + 10 * ldc);
      ca1.mul(av).intoArray(c, co + 10 * ldc + L);
      cb0.mul(av).intoArray(c, co + 11 * ldc);
      cb1.mul(av).intoArray(c, co + 11 * ldc + L);
    } else {
      c00.fma(av, FloatVector.fromArray(S, c, co).mul(beta)).intoArray(c, co);
      c01.fma(av, FloatVector.fromArray(S, c, co + L).mul(beta)).intoArray(c, co + L);
      c10.fma(av, FloatVector.fromArray(S, c, co + ldc).mul(beta)).intoArray(c, co + ldc);
      c11.fma(av, FloatVector.fromArray(S, c, co + ldc + L).mul(beta)).intoArray(c, co + ldc + L);
      c20.fma(av, FloatVector.fromArray(S, c, co + 2 * ldc).mul(beta)).intoArray(c, co + 2 * ldc);
      c21.fma(av, FloatVector.fromArray(S, c, co + 2 * ldc + L).mul(beta)).intoArray(c, co + 2 * ldc + L);
      c30.fma(av, FloatVector.fromArray(S, c, co + 3 * ldc).mul(beta)).intoArray(c, co + 3 * ldc);
      c31.fma(av, FloatVector.fromArray(S, c, co + 3 * ldc + L).mul(beta)).intoArray(c, co + 3 * ldc + L);
      c40.fma(av, FloatVector.fromArray(S, c, co + 4 * ldc).mul(beta)).intoArray(c, co + 4 * ldc);
      c41.fma(av, FloatVector.fromArray(S, c, co + 4 * ldc + L).mul(beta)).intoArray(c, co + 4 * ldc + L);
      c50.fma(av, FloatVector.fromArray(S, c, co + 5 * ldc).mul(beta)).intoArray(c, co + 5 * ldc);
      c51.fma(av, FloatVector.fromArray(S, c, co + 5 * ldc + L).mul(beta)).intoArray(c, co + 5 * ldc + L);
      c60.fma(av, FloatVector.fromArray(S, c, co + 6 * ldc).mul(beta)).intoArray(c, co + 6 * ldc);
      c61.fma(av, FloatVector.fromArray(S, c, co + 6 * ldc + L).mul(beta)).intoArray(c, co + 6 * ldc + L);
      c70.fma(av, FloatVector.fromArray(S, c, co + 7 * ldc).mul(beta)).intoArray(c, co + 7 * ldc);
      c71.fma(av, FloatVector.fromArray(S, c, co + 7 * ldc + L).mul(beta)).intoArray(c, co + 7 * ldc + L);
      c80.fma(av, FloatVector.fromArray(S, c, co + 8 * ldc).mul(beta)).intoArray(c, co + 8 * ldc);
      c81.fma(av, FloatVector.fromArray(S, c, co + 8 * ldc + L).mul(beta)).intoArray(c, co + 8 * ldc + L);
      c90.fma(av, FloatVector.fromArray(S, c, co + 9 * ldc).mul(beta)).intoArray(c, co + 9 * ldc);
      c91.fma(av, FloatVector.fromArray(S, c, co + 9 * ldc + L).mul(beta)).intoArray(c, co + 9 * ldc + L);
      ca0.fma(av, FloatVector.fromArray(S, c, co + 10 * ldc).mul(beta)).intoArray(c, co + 10 * ldc);
      ca1.fma(av, FloatVector.fromArray(S, c, co + 10 * ldc + L).mul(beta)).intoArray(c, co + 10 * ldc + L);
      cb0.fma(av, FloatVector.fromArray(S, c, co + 11 * ldc).mul(beta)).intoArray(c, co + 11 * ldc);
      cb1.fma(av, FloatVector.fromArray(S, c, co + 11 * ldc + L).mul(beta)).intoArray(c, co + 11 * ldc + L);
    }
  }


  private static void conv8(int kc, float[] a, int ao, float[] b, int bo, int[] offsets, int oi, float alpha,
      float beta, float[] c, int co, int ldc) {
    FloatVector z = FloatVector.zero(S);
    FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
    FloatVector c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
    for (int p = 0; p < kc; p++) {
      int at = bo + offsets[oi + p];
      FloatVector b0 = FloatVector.fromArray(S, b, at);
      FloatVector b1 = FloatVector.fromArray(S, b, at + L);
      FloatVector x = FloatVector.broadcast(S, a[ao]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, a[ao + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, a[ao + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, a[ao + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(S, a[ao + 4]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(S, a[ao + 5]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      x = FloatVector.broadcast(S, a[ao + 6]);
      c60 = x.fma(b0, c60);
      c61 = x.fma(b1, c61);
      x = FloatVector.broadcast(S, a[ao + 7]);
      c70 = x.fma(b0, c70);
      c71 = x.fma(b1, c71);
      ao += 8;
    }
    // Stores written out rather than a helper: a call would box the accumulators.
    FloatVector av = FloatVector.broadcast(S, alpha);
    if (beta == 0f) {
      c00.mul(av).intoArray(c, co);
      c01.mul(av).intoArray(c, co + L);
      c10.mul(av).intoArray(c, co + ldc);
      c11.mul(av).intoArray(c, co + ldc + L);
      c20.mul(av).intoArray(c, co + 2 * ldc);
      c21.mul(av).intoArray(c, co + 2 * ldc + L);
      c30.mul(av).intoArray(c, co + 3 * ldc);
      c31.mul(av).intoArray(c, co + 3 * ldc + L);
      c40.mul(av).intoArray(c, co + 4 * ldc);
      c41.mul(av).intoArray(c, co + 4 * ldc + L);
      c50.mul(av).intoArray(c, co + 5 * ldc);
      c51.mul(av).intoArray(c, co + 5 * ldc + L);
      c60.mul(av).intoArray(c, co + 6 * ldc);
      c61.mul(av).intoArray(c, co + 6 * ldc + L);
      c70.mul(av).intoArray(c, co + 7 * ldc);
      c71.mul(av).intoArray(c, co + 7 * ldc + L);
    } else {
      c00.fma(av, FloatVector.fromArray(S, c, co).mul(beta)).intoArray(c, co);
      c01.fma(av, FloatVector.fromArray(S, c, co + L).mul(beta)).intoArray(c, co + L);
      c10.fma(av, FloatVector.fromArray(S, c, co + ldc).mul(beta)).intoArray(c, co + ldc);
      c11.fma(av, FloatVector.fromArray(S, c, co + ldc + L).mul(beta)).intoArray(c, co + ldc + L);
      c20.fma(av, FloatVector.fromArray(S, c, co + 2 * ldc).mul(beta)).intoArray(c, co + 2 * ldc);
      c21.fma(av, FloatVector.fromArray(S, c, co + 2 * ldc + L).mul(beta)).intoArray(c, co + 2 * ldc + L);
      c30.fma(av, FloatVector.fromArray(S, c, co + 3 * ldc).mul(beta)).intoArray(c, co + 3 * ldc);
      c31.fma(av, FloatVector.fromArray(S, c, co + 3 * ldc + L).mul(beta)).intoArray(c, co + 3 * ldc + L);
      c40.fma(av, FloatVector.fromArray(S, c, co + 4 * ldc).mul(beta)).intoArray(c, co + 4 * ldc);
      c41.fma(av, FloatVector.fromArray(S, c, co + 4 * ldc + L).mul(beta)).intoArray(c, co + 4 * ldc + L);
      c50.fma(av, FloatVector.fromArray(S, c, co + 5 * ldc).mul(beta)).intoArray(c, co + 5 * ldc);
      c51.fma(av, FloatVector.fromArray(S, c, co + 5 * ldc + L).mul(beta)).intoArray(c, co + 5 * ldc + L);
      c60.fma(av, FloatVector.fromArray(S, c, co + 6 * ldc).mul(beta)).intoArray(c, co + 6 * ldc);
      c61.fma(av, FloatVector.fromArray(S, c, co + 6 * ldc + L).mul(beta)).intoArray(c, co + 6 * ldc + L);
      c70.fma(av, FloatVector.fromArray(S, c, co + 7 * ldc).mul(beta)).intoArray(c, co + 7 * ldc);
      c71.fma(av, FloatVector.fromArray(S, c, co + 7 * ldc + L).mul(beta)).intoArray(c, co + 7 * ldc + L);
    }
  }


  private static void conv6(int kc, float[] a, int ao, float[] b, int bo, int[] offsets, int oi, float alpha,
      float beta, float[] c, int co, int ldc) {
    FloatVector z = FloatVector.zero(S);
    FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
    FloatVector c40 = z, c41 = z, c50 = z, c51 = z;
    for (int p = 0; p < kc; p++) {
      int at = bo + offsets[oi + p];
      FloatVector b0 = FloatVector.fromArray(S, b, at);
      FloatVector b1 = FloatVector.fromArray(S, b, at + L);
      FloatVector x = FloatVector.broadcast(S, a[ao]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, a[ao + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, a[ao + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, a[ao + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(S, a[ao + 4]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(S, a[ao + 5]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      ao += 6;
    }
    // Stores written out rather than a helper: a call would box the accumulators.
    FloatVector av = FloatVector.broadcast(S, alpha);
    if (beta == 0f) {
      c00.mul(av).intoArray(c, co);
      c01.mul(av).intoArray(c, co + L);
      c10.mul(av).intoArray(c, co + ldc);
      c11.mul(av).intoArray(c, co + ldc + L);
      c20.mul(av).intoArray(c, co + 2 * ldc);
      c21.mul(av).intoArray(c, co + 2 * ldc + L);
      c30.mul(av).intoArray(c, co + 3 * ldc);
      c31.mul(av).intoArray(c, co + 3 * ldc + L);
      c40.mul(av).intoArray(c, co + 4 * ldc);
      c41.mul(av).intoArray(c, co + 4 * ldc + L);
      c50.mul(av).intoArray(c, co + 5 * ldc);
      c51.mul(av).intoArray(c, co + 5 * ldc + L);
    } else {
      c00.fma(av, FloatVector.fromArray(S, c, co).mul(beta)).intoArray(c, co);
      c01.fma(av, FloatVector.fromArray(S, c, co + L).mul(beta)).intoArray(c, co + L);
      c10.fma(av, FloatVector.fromArray(S, c, co + ldc).mul(beta)).intoArray(c, co + ldc);
      c11.fma(av, FloatVector.fromArray(S, c, co + ldc + L).mul(beta)).intoArray(c, co + ldc + L);
      c20.fma(av, FloatVector.fromArray(S, c, co + 2 * ldc).mul(beta)).intoArray(c, co + 2 * ldc);
      c21.fma(av, FloatVector.fromArray(S, c, co + 2 * ldc + L).mul(beta)).intoArray(c, co + 2 * ldc + L);
      c30.fma(av, FloatVector.fromArray(S, c, co + 3 * ldc).mul(beta)).intoArray(c, co + 3 * ldc);
      c31.fma(av, FloatVector.fromArray(S, c, co + 3 * ldc + L).mul(beta)).intoArray(c, co + 3 * ldc + L);
      c40.fma(av, FloatVector.fromArray(S, c, co + 4 * ldc).mul(beta)).intoArray(c, co + 4 * ldc);
      c41.fma(av, FloatVector.fromArray(S, c, co + 4 * ldc + L).mul(beta)).intoArray(c, co + 4 * ldc + L);
      c50.fma(av, FloatVector.fromArray(S, c, co + 5 * ldc).mul(beta)).intoArray(c, co + 5 * ldc);
      c51.fma(av, FloatVector.fromArray(S, c, co + 5 * ldc + L).mul(beta)).intoArray(c, co + 5 * ldc + L);
    }
  }

  @Override
  public void deinterleave(float[] src, int srcOff, int ways, float[] dst, int dstOff, int phaseStride, int n) {
    // Two and four phases by two-vector shuffles (two rounds of even/odd for four), whole blocks of
    // ways vectors; the rest, and other strides, one value at a time.
    int i = 0;
    if (ways == 2) {
      for (; i + 2 * L <= n; i += 2 * L) {
        FloatVector a = FloatVector.fromArray(S, src, srcOff + i);
        FloatVector b = FloatVector.fromArray(S, src, srcOff + i + L);
        int at = dstOff + i / 2;
        a.rearrange(EVEN, b).intoArray(dst, at);
        a.rearrange(ODD, b).intoArray(dst, at + phaseStride);
      }
    } else if (ways == 4) {
      for (; i + 4 * L <= n; i += 4 * L) {
        FloatVector a = FloatVector.fromArray(S, src, srcOff + i);
        FloatVector b = FloatVector.fromArray(S, src, srcOff + i + L);
        FloatVector c = FloatVector.fromArray(S, src, srcOff + i + 2 * L);
        FloatVector d = FloatVector.fromArray(S, src, srcOff + i + 3 * L);
        FloatVector evenAB = a.rearrange(EVEN, b);
        FloatVector oddAB = a.rearrange(ODD, b);
        FloatVector evenCD = c.rearrange(EVEN, d);
        FloatVector oddCD = c.rearrange(ODD, d);
        int at = dstOff + i / 4;
        evenAB.rearrange(EVEN, evenCD).intoArray(dst, at);
        oddAB.rearrange(EVEN, oddCD).intoArray(dst, at + phaseStride);
        evenAB.rearrange(ODD, evenCD).intoArray(dst, at + 2 * phaseStride);
        oddAB.rearrange(ODD, oddCD).intoArray(dst, at + 3 * phaseStride);
      }
    }
    ScalarKernels.deinterleaveInOrder(src, srcOff, ways, dst, dstOff, phaseStride, i, n);
  }

  @Override
  public void copy(float[] src, int srcOff, float[] dst, int dstOff, int n) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += L) {
      FloatVector.fromArray(S, src, srcOff + i).intoArray(dst, dstOff + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      FloatVector.fromArray(S, src, srcOff + i, m).intoArray(dst, dstOff + i, m);
    }
  }

  @Override
  public void maxPoolTwoByTwoRow(float[] x, int top, int w, int index0, float[] y, int yOff, float[] sw, int swOff,
      int count) {
    // Whole vectors, then one masked pass for the rest (LeNet's rows are 14 wide: all masked).
    for (int q = 0; q < count; q += L) {
      int at = top + 2 * q;
      int values = 2 * Math.min(L, count - q);
      VectorMask<Float> left = S.indexInRange(0, values);
      VectorMask<Float> right = S.indexInRange(L, values);
      FloatVector upperLeft = FloatVector.fromArray(S, x, at, left);
      FloatVector upperRight = FloatVector.fromArray(S, x, at + L, right);
      FloatVector lowerLeft = FloatVector.fromArray(S, x, at + w, left);
      FloatVector lowerRight = FloatVector.fromArray(S, x, at + w + L, right);
      FloatVector best = upperLeft.rearrange(EVEN, upperRight);
      FloatVector first = TWICE_IOTA.add(index0 + 2 * q);
      FloatVector index = first;
      // Candidates in reading order; one replaces the best unless it is <= it or the best is NaN.
      FloatVector candidate = upperLeft.rearrange(ODD, upperRight);
      VectorMask<Float> take = candidate.compare(VectorOperators.LE, best).not()
          .and(best.compare(VectorOperators.EQ, best));
      best = best.blend(candidate, take);
      index = index.blend(first.add(1f), take);
      candidate = lowerLeft.rearrange(EVEN, lowerRight);
      take = candidate.compare(VectorOperators.LE, best).not().and(best.compare(VectorOperators.EQ, best));
      best = best.blend(candidate, take);
      index = index.blend(first.add(w), take);
      candidate = lowerLeft.rearrange(ODD, lowerRight);
      take = candidate.compare(VectorOperators.LE, best).not().and(best.compare(VectorOperators.EQ, best));
      best = best.blend(candidate, take);
      index = index.blend(first.add(w + 1), take);
      VectorMask<Float> outputs = S.indexInRange(0, Math.min(L, count - q));
      best.intoArray(y, yOff + q, outputs);
      index.intoArray(sw, swOff + q, outputs);
    }
  }

  @Override
  public void gather(float[] src, int base, int[] index, int indexOff, float[] dst, int dstOff, int n) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += L) {
      FloatVector.fromArray(S, src, base, index, indexOff + i).intoArray(dst, dstOff + i);
    }
    if (i < n) {
      // A masked gather would still check every lane's index; the contract makes them all valid.
      FloatVector.fromArray(S, src, base, index, indexOff + i).intoArray(dst, dstOff + i, S.indexInRange(i, n));
    }
  }

  @Override
  public void dotTile(float[] a, int aOff, int aImageStride, float[] b, int bOff, int bImageStride, int[] offsets,
      int offIdx, int images, int vectors, float[] acc, int accOff) {
    // 20 accumulators, 4 loads of A and 5 of B per 20 FMAs: 4 x 6 ran at half the speed (spills), and
    // A's rows interleaved vector by vector keep its loads on one base register.
    FloatVector c00 = FloatVector.fromArray(S, acc, accOff);
    FloatVector c01 = FloatVector.fromArray(S, acc, accOff + 1 * L);
    FloatVector c02 = FloatVector.fromArray(S, acc, accOff + 2 * L);
    FloatVector c03 = FloatVector.fromArray(S, acc, accOff + 3 * L);
    FloatVector c04 = FloatVector.fromArray(S, acc, accOff + 4 * L);
    FloatVector c10 = FloatVector.fromArray(S, acc, accOff + 5 * L);
    FloatVector c11 = FloatVector.fromArray(S, acc, accOff + 6 * L);
    FloatVector c12 = FloatVector.fromArray(S, acc, accOff + 7 * L);
    FloatVector c13 = FloatVector.fromArray(S, acc, accOff + 8 * L);
    FloatVector c14 = FloatVector.fromArray(S, acc, accOff + 9 * L);
    FloatVector c20 = FloatVector.fromArray(S, acc, accOff + 10 * L);
    FloatVector c21 = FloatVector.fromArray(S, acc, accOff + 11 * L);
    FloatVector c22 = FloatVector.fromArray(S, acc, accOff + 12 * L);
    FloatVector c23 = FloatVector.fromArray(S, acc, accOff + 13 * L);
    FloatVector c24 = FloatVector.fromArray(S, acc, accOff + 14 * L);
    FloatVector c30 = FloatVector.fromArray(S, acc, accOff + 15 * L);
    FloatVector c31 = FloatVector.fromArray(S, acc, accOff + 16 * L);
    FloatVector c32 = FloatVector.fromArray(S, acc, accOff + 17 * L);
    FloatVector c33 = FloatVector.fromArray(S, acc, accOff + 18 * L);
    FloatVector c34 = FloatVector.fromArray(S, acc, accOff + 19 * L);
    int o0 = offsets[offIdx], o1 = offsets[offIdx + 1], o2 = offsets[offIdx + 2];
    int o3 = offsets[offIdx + 3], o4 = offsets[offIdx + 4];
    for (int m = 0; m < images; m++) {
      int at = aOff + m * aImageStride;
      int bt = bOff + m * bImageStride;
      for (int v = 0, end = vectors * L; v < end; v += L) {
        FloatVector a0 = FloatVector.fromArray(S, a, at + 4 * v);
        FloatVector a1 = FloatVector.fromArray(S, a, at + 4 * v + 1 * L);
        FloatVector a2 = FloatVector.fromArray(S, a, at + 4 * v + 2 * L);
        FloatVector a3 = FloatVector.fromArray(S, a, at + 4 * v + 3 * L);
        FloatVector b0 = FloatVector.fromArray(S, b, bt + o0 + v);
        c00 = a0.fma(b0, c00);
        c10 = a1.fma(b0, c10);
        c20 = a2.fma(b0, c20);
        c30 = a3.fma(b0, c30);
        FloatVector b1 = FloatVector.fromArray(S, b, bt + o1 + v);
        c01 = a0.fma(b1, c01);
        c11 = a1.fma(b1, c11);
        c21 = a2.fma(b1, c21);
        c31 = a3.fma(b1, c31);
        FloatVector b2 = FloatVector.fromArray(S, b, bt + o2 + v);
        c02 = a0.fma(b2, c02);
        c12 = a1.fma(b2, c12);
        c22 = a2.fma(b2, c22);
        c32 = a3.fma(b2, c32);
        FloatVector b3 = FloatVector.fromArray(S, b, bt + o3 + v);
        c03 = a0.fma(b3, c03);
        c13 = a1.fma(b3, c13);
        c23 = a2.fma(b3, c23);
        c33 = a3.fma(b3, c33);
        FloatVector b4 = FloatVector.fromArray(S, b, bt + o4 + v);
        c04 = a0.fma(b4, c04);
        c14 = a1.fma(b4, c14);
        c24 = a2.fma(b4, c24);
        c34 = a3.fma(b4, c34);
      }
    }
    c00.intoArray(acc, accOff);
    c01.intoArray(acc, accOff + 1 * L);
    c02.intoArray(acc, accOff + 2 * L);
    c03.intoArray(acc, accOff + 3 * L);
    c04.intoArray(acc, accOff + 4 * L);
    c10.intoArray(acc, accOff + 5 * L);
    c11.intoArray(acc, accOff + 6 * L);
    c12.intoArray(acc, accOff + 7 * L);
    c13.intoArray(acc, accOff + 8 * L);
    c14.intoArray(acc, accOff + 9 * L);
    c20.intoArray(acc, accOff + 10 * L);
    c21.intoArray(acc, accOff + 11 * L);
    c22.intoArray(acc, accOff + 12 * L);
    c23.intoArray(acc, accOff + 13 * L);
    c24.intoArray(acc, accOff + 14 * L);
    c30.intoArray(acc, accOff + 15 * L);
    c31.intoArray(acc, accOff + 16 * L);
    c32.intoArray(acc, accOff + 17 * L);
    c33.intoArray(acc, accOff + 18 * L);
    c34.intoArray(acc, accOff + 19 * L);
  }

  @Override
  public void tapRowGradient(float[] x, int xOff, int xImageStride, int[] at, float[] dyT, int dyOff,
      int dyImageStride, int dyStride, int images, int positions, float[] acc, int accOff) {
    // 20 accumulators (5 taps x 4 vectors of filters): per position 4 loads and 5 broadcasts feed 20 FMAs.
    // One loop over positions per image, their layout columns looked up: with a loop per output row
    // it ran at a third of the speed.
    FloatVector c00 = FloatVector.fromArray(S, acc, accOff);
    FloatVector c01 = FloatVector.fromArray(S, acc, accOff + 1 * L);
    FloatVector c02 = FloatVector.fromArray(S, acc, accOff + 2 * L);
    FloatVector c03 = FloatVector.fromArray(S, acc, accOff + 3 * L);
    FloatVector c10 = FloatVector.fromArray(S, acc, accOff + 4 * L);
    FloatVector c11 = FloatVector.fromArray(S, acc, accOff + 5 * L);
    FloatVector c12 = FloatVector.fromArray(S, acc, accOff + 6 * L);
    FloatVector c13 = FloatVector.fromArray(S, acc, accOff + 7 * L);
    FloatVector c20 = FloatVector.fromArray(S, acc, accOff + 8 * L);
    FloatVector c21 = FloatVector.fromArray(S, acc, accOff + 9 * L);
    FloatVector c22 = FloatVector.fromArray(S, acc, accOff + 10 * L);
    FloatVector c23 = FloatVector.fromArray(S, acc, accOff + 11 * L);
    FloatVector c30 = FloatVector.fromArray(S, acc, accOff + 12 * L);
    FloatVector c31 = FloatVector.fromArray(S, acc, accOff + 13 * L);
    FloatVector c32 = FloatVector.fromArray(S, acc, accOff + 14 * L);
    FloatVector c33 = FloatVector.fromArray(S, acc, accOff + 15 * L);
    FloatVector c40 = FloatVector.fromArray(S, acc, accOff + 16 * L);
    FloatVector c41 = FloatVector.fromArray(S, acc, accOff + 17 * L);
    FloatVector c42 = FloatVector.fromArray(S, acc, accOff + 18 * L);
    FloatVector c43 = FloatVector.fromArray(S, acc, accOff + 19 * L);
    for (int m = 0; m < images; m++) {
      int xb = xOff + m * xImageStride;
      int db = dyOff + m * dyImageStride;
      for (int q = 0; q < positions; q++) {
        int d = db + q * dyStride;
        int xi = xb + at[q];
        FloatVector d0 = FloatVector.fromArray(S, dyT, d);
        FloatVector d1 = FloatVector.fromArray(S, dyT, d + 1 * L);
        FloatVector d2 = FloatVector.fromArray(S, dyT, d + 2 * L);
        FloatVector d3 = FloatVector.fromArray(S, dyT, d + 3 * L);
        FloatVector x0 = FloatVector.broadcast(S, x[xi]);
        c00 = x0.fma(d0, c00);
        c01 = x0.fma(d1, c01);
        c02 = x0.fma(d2, c02);
        c03 = x0.fma(d3, c03);
        FloatVector x1 = FloatVector.broadcast(S, x[xi + 1]);
        c10 = x1.fma(d0, c10);
        c11 = x1.fma(d1, c11);
        c12 = x1.fma(d2, c12);
        c13 = x1.fma(d3, c13);
        FloatVector x2 = FloatVector.broadcast(S, x[xi + 2]);
        c20 = x2.fma(d0, c20);
        c21 = x2.fma(d1, c21);
        c22 = x2.fma(d2, c22);
        c23 = x2.fma(d3, c23);
        FloatVector x3 = FloatVector.broadcast(S, x[xi + 3]);
        c30 = x3.fma(d0, c30);
        c31 = x3.fma(d1, c31);
        c32 = x3.fma(d2, c32);
        c33 = x3.fma(d3, c33);
        FloatVector x4 = FloatVector.broadcast(S, x[xi + 4]);
        c40 = x4.fma(d0, c40);
        c41 = x4.fma(d1, c41);
        c42 = x4.fma(d2, c42);
        c43 = x4.fma(d3, c43);
      }
    }
    c00.intoArray(acc, accOff);
    c01.intoArray(acc, accOff + 1 * L);
    c02.intoArray(acc, accOff + 2 * L);
    c03.intoArray(acc, accOff + 3 * L);
    c10.intoArray(acc, accOff + 4 * L);
    c11.intoArray(acc, accOff + 5 * L);
    c12.intoArray(acc, accOff + 6 * L);
    c13.intoArray(acc, accOff + 7 * L);
    c20.intoArray(acc, accOff + 8 * L);
    c21.intoArray(acc, accOff + 9 * L);
    c22.intoArray(acc, accOff + 10 * L);
    c23.intoArray(acc, accOff + 11 * L);
    c30.intoArray(acc, accOff + 12 * L);
    c31.intoArray(acc, accOff + 13 * L);
    c32.intoArray(acc, accOff + 14 * L);
    c33.intoArray(acc, accOff + 15 * L);
    c40.intoArray(acc, accOff + 16 * L);
    c41.intoArray(acc, accOff + 17 * L);
    c42.intoArray(acc, accOff + 18 * L);
    c43.intoArray(acc, accOff + 19 * L);
  }

  @Override
  public void copyPlus(float[] src, int srcOff, float[] dst, int dstOff, int n, float value) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += L) {
      FloatVector.fromArray(S, src, srcOff + i).add(value).intoArray(dst, dstOff + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      FloatVector.fromArray(S, src, srcOff + i, m).add(value).intoArray(dst, dstOff + i, m);
    }
  }

  @Override
  public void copyColumnPlus(float[] src, int srcOff, int row, float[] dst, int dstOff, int n, float value) {
    int[] column = row == L ? ROW_TILE_COLUMN : TILE_COLUMN;
    VectorMask<Float> m = S.indexInRange(0, n);
    FloatVector.fromArray(S, src, srcOff, column, 0).add(value).intoArray(dst, dstOff, m);
  }

  @Override
  public void copyColumnPlusResidualRelu(float[] src, int srcOff, int row, float[] dst, int dstOff, int n,
      float value, float[] residual, int resOff, boolean relu) {
    int[] column = row == L ? ROW_TILE_COLUMN : TILE_COLUMN;
    VectorMask<Float> m = S.indexInRange(0, n);
    FloatVector v = FloatVector.fromArray(S, src, srcOff, column, 0).add(value);
    if (residual != null) {
      v = v.add(FloatVector.fromArray(S, residual, resOff, m));
    }
    if (relu) {
      v = v.blend(0f, v.compare(VectorOperators.LE, 0f)); // NaN stays NaN, as in PyTorch
    }
    v.intoArray(dst, dstOff, m);
  }

  @Override
  public void fill(float[] x, int off, int n, float value) {
    FloatVector v = FloatVector.broadcast(S, value);
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += L) {
      v.intoArray(x, off + i);
    }
    if (i < n) {
      v.intoArray(x, off + i, S.indexInRange(i, n));
    }
  }

  @Override
  public void addScalar(float[] x, int off, int n, float value) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += L) {
      FloatVector.fromArray(S, x, off + i).add(value).intoArray(x, off + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      FloatVector.fromArray(S, x, off + i, m).add(value).intoArray(x, off + i, m);
    }
  }

  @Override
  public void clip(float[] x, int xOff, float[] y, int yOff, int n, float min, float max) {
    // Vector max and min round as Math.max and Math.min do (NaN stays NaN, -0 < +0).
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += L) {
      FloatVector.fromArray(S, x, xOff + i).max(min).min(max).intoArray(y, yOff + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      FloatVector.fromArray(S, x, xOff + i, m).max(min).min(max).intoArray(y, yOff + i, m);
    }
  }

  @Override
  public void relu(float[] x, int xOff, float[] y, int yOff, int n) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += L) {
      FloatVector v = FloatVector.fromArray(S, x, xOff + i);
      // Zero where v <= 0: NaN is not, so it stays NaN (as in PyTorch and the reference); -0 becomes +0.
      v.blend(0f, v.compare(VectorOperators.LE, 0f)).intoArray(y, yOff + i);
    }
    for (; i < n; i++) {
      float v = x[xOff + i];
      y[yOff + i] = v <= 0f ? 0f : v;
    }
  }

  @Override
  public void reluBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += L) {
      VectorMask<Float> on = FloatVector.fromArray(S, y, yOff + i).compare(VectorOperators.GT, 0f);
      FloatVector.fromArray(S, dy, dyOff + i).blend(0f, on.not()).intoArray(dx, dxOff + i);
    }
    for (; i < n; i++) {
      dx[dxOff + i] = y[yOff + i] > 0f ? dy[dyOff + i] : 0f;
    }
  }

  @Override
  public void multiply(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += L) {
      FloatVector.fromArray(S, a, aOff + i).mul(FloatVector.fromArray(S, b, bOff + i)).intoArray(out, outOff + i);
    }
    for (; i < n; i++) {
      out[outOff + i] = a[aOff + i] * b[bOff + i];
    }
  }

  @Override
  public void depthwiseRow(float[] x, int[] starts, float[] w, int taps, float bias, float[] y, int yOff, int n) {
    // Two vectors of outputs at a time stay in registers over every tap: a load and an FMA per tap
    // and vector, and each output written once. The last vector is stored under a mask.
    int o = 0;
    for (; o + 2 * L <= n; o += 2 * L) {
      FloatVector a0 = FloatVector.zero(S);
      FloatVector a1 = FloatVector.zero(S);
      for (int t = 0; t < taps; t++) {
        FloatVector tap = FloatVector.broadcast(S, w[t]);
        int at = starts[t] + o;
        a0 = FloatVector.fromArray(S, x, at).fma(tap, a0);
        a1 = FloatVector.fromArray(S, x, at + L).fma(tap, a1);
      }
      a0.add(bias).intoArray(y, yOff + o);
      a1.add(bias).intoArray(y, yOff + o + L);
    }
    for (; o < n; o += L) {
      FloatVector a = FloatVector.zero(S);
      for (int t = 0; t < taps; t++) {
        a = FloatVector.fromArray(S, x, starts[t] + o).fma(FloatVector.broadcast(S, w[t]), a);
      }
      a.add(bias).intoArray(y, yOff + o, S.indexInRange(o, n));
    }
  }

  @Override
  public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += L) {
      // Multiply then add (no fma) so results match the reference's y + alpha * x bit for bit.
      FloatVector.fromArray(S, x, xOff + i).mul(alpha).add(FloatVector.fromArray(S, y, yOff + i))
          .intoArray(y, yOff + i);
    }
    for (; i < n; i++) {
      y[yOff + i] = y[yOff + i] + alpha * x[xOff + i];
    }
  }

  @Override
  public void axpby(float alpha, float[] x, int xOff, float beta, float[] y, int yOff, int n) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += L) {
      FloatVector scaled = FloatVector.fromArray(S, y, yOff + i).mul(beta);
      FloatVector.fromArray(S, x, xOff + i).mul(alpha).add(scaled).intoArray(y, yOff + i);
    }
    for (; i < n; i++) {
      float scaled = y[yOff + i] * beta;
      y[yOff + i] = scaled + alpha * x[xOff + i];
    }
  }

  @Override
  public void momentumStep(float learningRate, float momentum, float[] g, int gOff, float[] v, int vOff, float[] w,
      int wOff, int n) {
    float step = -learningRate;
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += L) {
      FloatVector velocity = FloatVector.fromArray(S, g, gOff + i)
          .add(FloatVector.fromArray(S, v, vOff + i).mul(momentum));
      velocity.intoArray(v, vOff + i);
      velocity.mul(step).add(FloatVector.fromArray(S, w, wOff + i)).intoArray(w, wOff + i);
    }
    for (; i < n; i++) {
      float velocity = g[gOff + i] + v[vOff + i] * momentum;
      v[vOff + i] = velocity;
      w[wOff + i] = w[wOff + i] + step * velocity;
    }
  }

  @Override
  public void scale(float[] x, int off, int n, float alpha) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += L) {
      FloatVector.fromArray(S, x, off + i).mul(alpha).intoArray(x, off + i);
    }
    for (; i < n; i++) {
      x[off + i] *= alpha;
    }
  }

  @Override
  public float laneSum(float[] x, int off) {
    FloatVector v = FloatVector.fromArray(S, x, off);
    for (VectorShuffle<Float> rotation : FLOAT_ROTATIONS) {
      v = v.add(v.rearrange(rotation));
    }
    return v.lane(0);
  }

  @Override
  public double sum(float[] x, int off, int n) {
    if (D.length() * 2 != L) {
      return ScalarKernels.sumInDouble(x, off, n);
    }
    DoubleVector lo = DoubleVector.zero(D);
    DoubleVector hi = DoubleVector.zero(D);
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += L) {
      FloatVector v = FloatVector.fromArray(S, x, off + i);
      lo = lo.add((DoubleVector) v.convertShape(VectorOperators.F2D, D, 0));
      hi = hi.add((DoubleVector) v.convertShape(VectorOperators.F2D, D, 1));
    }
    DoubleVector both = lo.add(hi);
    for (VectorShuffle<Double> rotation : DOUBLE_ROTATIONS) {
      both = both.add(both.rearrange(rotation));
    }
    double total = both.lane(0);
    for (; i < n; i++) {
      total += x[off + i];
    }
    return total;
  }

  @Override
  public void maxInto(float[] x, int xOff, float[] acc, int accOff, int n) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += L) {
      FloatVector.fromArray(S, acc, accOff + i).max(FloatVector.fromArray(S, x, xOff + i)).intoArray(acc, accOff + i);
    }
    if (i < n) {
      // A masked vector for the tail: pooling rows of 7 or 14 values had been all tail, a value at a time.
      VectorMask<Float> m = S.indexInRange(i, n);
      FloatVector.fromArray(S, acc, accOff + i, m).max(FloatVector.fromArray(S, x, xOff + i, m))
          .intoArray(acc, accOff + i, m);
    }
  }

  @Override
  public void addIntoThenRelu(float[] x, int xOff, float[] acc, int accOff, int n) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += L) {
      FloatVector v = FloatVector.fromArray(S, acc, accOff + i).add(FloatVector.fromArray(S, x, xOff + i));
      v.blend(0f, v.compare(VectorOperators.LE, 0f)).intoArray(acc, accOff + i);
    }
    for (; i < n; i++) {
      float v = acc[accOff + i] + x[xOff + i];
      acc[accOff + i] = v <= 0f ? 0f : v;
    }
  }

  @Override
  public void addInto(float[] x, int xOff, float[] acc, int accOff, int n) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += L) {
      FloatVector.fromArray(S, acc, accOff + i).add(FloatVector.fromArray(S, x, xOff + i)).intoArray(acc, accOff + i);
    }
    if (i < n) {
      VectorMask<Float> m = S.indexInRange(i, n);
      FloatVector.fromArray(S, acc, accOff + i, m).add(FloatVector.fromArray(S, x, xOff + i, m))
          .intoArray(acc, accOff + i, m);
    }
  }

  @Override
  public void addSquaresInto(float[] x, int xOff, float[] acc, int accOff, int n) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += L) {
      FloatVector v = FloatVector.fromArray(S, x, xOff + i);
      v.fma(v, FloatVector.fromArray(S, acc, accOff + i)).intoArray(acc, accOff + i);
    }
    for (; i < n; i++) {
      float v = x[xOff + i];
      acc[accOff + i] = Math.fma(v, v, acc[accOff + i]);
    }
  }
}
