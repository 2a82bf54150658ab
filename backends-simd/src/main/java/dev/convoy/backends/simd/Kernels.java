package dev.convoy.backends.simd;

/**
 * The few inner loops that vector instructions speed up, behind one small interface so that only
 * {@link PanamaKernels} knows the Vector API. {@link ScalarKernels} is the plain-Java twin that
 * tests run side by side with it; {@link KernelSelection} picks one at start-up.
 *
 * <p>Every method works on {@code float[]} ranges given as array, offset and length, and reads
 * value {@code i} of each input before it writes value {@code i} of the output, so an output may
 * be one of the inputs.
 */
interface Kernels {

  /** One line for logs and {@code convoy backends}, e.g. "Vector API, 512-bit FloatVector (16 lanes)". */
  String description();

  /** Floats per vector register. */
  int lanes();

  /** Rows of the GEMM register tile (MR): how many values of a packed A panel one k step reads. */
  int tileRows();

  /** A second, shorter tile height for row counts that {@link #tileRows()} divides badly (may be the same). */
  int shortTileRows();

  /** Columns of the GEMM register tile (NR): how many values of a packed B panel one k step reads. */
  int tileCols();

  /**
   * The GEMM micro-kernel: {@code c = alpha * a * b + beta * c} on one full {@code rows x
   * tileCols} tile of the row-major {@code c} (row stride {@code ldc}), where {@code rows} is
   * {@link #tileRows()} or {@link #shortTileRows()}. {@code a} holds
   * {@code kc} groups of {@code rows} values (column {@code p} of the A panel), {@code b}
   * holds {@code kc} groups of {@code tileCols} values (row {@code p} of the B panel). With
   * {@code beta == 0} the old {@code c} is not read.
   */
  void gemmTile(int rows, int kc, float[] a, int aOff, float[] b, int bOff, float alpha, float beta, float[] c, int cOff,
      int ldc);

  /**
   * {@link #gemmTile} with {@code alpha == 1} whose B is read in place: row {@code p} of the B
   * panel is the {@link #tileCols()} floats from {@code x[xOff + offsets[offIdx + p]]} on, such as
   * a filter tap's run in a {@link PhaseLayout}. {@code beta} is 0 (overwrite) or 1 (add to c).
   */
  void convTile(int rows, int kc, float[] a, int aOff, float[] x, int xOff, int[] offsets, int offIdx, float beta,
      float[] c, int cOff, int ldc);

  /** Output positions side by side in a {@link #directConvTile} or a {@link #directRowTile}. */
  int DIRECT_POSITIONS = 14;

  /**
   * {@link #DIRECT_POSITIONS}, or 0 where the kernels have no such
   * tile (vectors narrower than 512 bits leave too few registers for its accumulators).
   */
  int directPositions();

  /**
   * The forward convolution with the GEMM's roles turned round, as oneDNN's direct kernels have
   * them: input values are broadcast and {@link #tileCols()} filters lie across the lanes. For
   * {@code i < directPositions()} and {@code f < tileCols()},
   * {@code product[pOff + i*tileCols() + f] =} the sum over {@code p < kc} of
   * {@code x[xOff + offsets[offIdx + p] + i] * w[wOff + p*tileCols() + f]}: {@code w} holds the
   * filters tap by tap, {@code x} is a {@link PhaseLayout} in which consecutive output positions of
   * a row are consecutive values. The whole depth is one call, so each output is written once.
   */
  void directConvTile(int kc, float[] w, int wOff, float[] x, int xOff, int[] offsets, int offIdx, float[] product,
      int pOff);

  /** Filters side by side in a {@link #directRowTile}: one vector of them. */
  int rowTileFilters();

  /**
   * {@link #directConvTile} for filters 3 or 5 taps wide ({@code kw}) at stride 1, a tap row at a
   * time: the row's weight vectors stay in registers while each input value it reads is broadcast
   * once and meets every position that needs it. For {@code i < DIRECT_POSITIONS} and {@code f <
   * rowTileFilters()}, {@code product[pOff + i*rowTileFilters() + f] =} the sum over tap rows
   * {@code r < rows} and {@code j < kw} of {@code x[xOff + offsets[offIdx + r*kw] + i + j] * w[wOff +
   * (r*kw + j)*rowTileFilters() + f]}, added in that order.
   */
  void directRowTile(int kw, int rows, float[] w, int wOff, float[] x, int xOff, int[] offsets, int offIdx,
      float[] product, int pOff);

  /**
   * {@code dst[dstOff + (i % ways)*phaseStride + i / ways] = src[srcOff + i]} for {@code i < n}: an
   * input row split by column phase into a strided {@link PhaseLayout}.
   */
  void deinterleave(float[] src, int srcOff, int ways, float[] dst, int dstOff, int phaseStride, int n);

  /** {@code dst[i] = src[i]}. */
  void copy(float[] src, int srcOff, float[] dst, int dstOff, int n);

  /** Rows (filters) of the {@link #dotTile} block. */
  int DOT_ROWS = 4;

  /** Columns (filter taps) of the {@link #dotTile} block. */
  int DOT_COLS = 5;

  /**
   * Lane-wise sums of products of runs, the filter gradient's inner loop: for {@code i <
   * DOT_ROWS}, {@code j < DOT_COLS} and {@code l < lanes()},
   * {@code acc[accOff + (i*DOT_COLS + j)*lanes() + l] +=} the sum over images {@code m < images}
   * and vectors {@code v < vectors} of
   * {@code a[aOff + m*aImageStride + (v*DOT_ROWS + i)*lanes() + l] * b[bOff + m*bImageStride
   * + offsets[offIdx + j] + v*lanes() + l]}. A holds {@code DOT_ROWS} filters' output gradients
   * interleaved vector by vector, column {@code j} of B is one tap's inputs at the same positions,
   * so neither is packed; the caller adds each group of lanes up once, at the end.
   */
  void dotTile(float[] a, int aOff, int aImageStride, float[] b, int bOff, int bImageStride, int[] offsets,
      int offIdx, int images, int vectors, float[] acc, int accOff);

  /** Filter taps side by side in one row of a {@link #tapRowGradient} block. */
  int TAP_ROW = 5;

  /** Vectors of filters in a {@link #tapRowGradient} block. */
  int FILTER_VECTORS = 4;

  /**
   * The filter gradient of one row of {@code TAP_ROW} taps for {@code FILTER_VECTORS * lanes()}
   * filters, summed over {@code positions} output positions of {@code images} images: for
   * {@code j < TAP_ROW}, {@code v < FILTER_VECTORS} and lane {@code l},
   * {@code acc[accOff + (j*FILTER_VECTORS + v)*lanes() + l] +=} the sum over images {@code m} and
   * positions {@code q} of {@code x[xOff + m*xImageStride + at[q] + j] * dyT[dyOff +
   * m*dyImageStride + q*dyStride + v*lanes() + l]}. {@code x} is a stride-1 {@link PhaseLayout} (a
   * row's taps are one value apart) and {@code at[q]} position q's column in it, so the layout's
   * extra columns are skipped; {@code dyT} is the output gradient with the filters innermost.
   */
  void tapRowGradient(float[] x, int xOff, int xImageStride, int[] at, float[] dyT, int dyOff, int dyImageStride,
      int dyStride, int images, int positions, float[] acc, int accOff);

  /**
   * {@code dst[i] = src[base + index[indexOff + i]]} for {@code i < n}: one row of a packed panel
   * whose values are scattered over {@code src}, such as the filter taps of an image in {@link
   * PhaseLayout} or a column of a row-major matrix. The index map must go on past {@code n} to a
   * whole number of {@link #lanes()}, with offsets that are valid in {@code src} too (zeros will
   * do): vector gathers read a whole vector's worth and store only the first {@code n}.
   */
  void gather(float[] src, int base, int[] index, int indexOff, float[] dst, int dstOff, int n);

  /** {@code dst[i] = src[i] + value}: a convolution's output row with its bias. */
  void copyPlus(float[] src, int srcOff, float[] dst, int dstOff, int n, float value);

  /**
   * {@code dst[dstOff + i] = src[srcOff + i*row] + value} for {@code i < n <= lanes()}: one filter's
   * outputs out of a {@link #directConvTile}'s product ({@code row = tileCols()}) or a {@link
   * #directRowTile}'s ({@code row = rowTileFilters()}), with its bias. {@code src} must hold
   * {@code lanes()} rows from {@code srcOff}'s row on, even past {@code n}.
   */
  void copyColumnPlus(float[] src, int srcOff, int row, float[] dst, int dstOff, int n, float value);

  /**
   * {@link #copyColumnPlus}, then {@code + residual[resOff + i]} unless {@code residual} is null,
   * then ReLU if {@code relu}: a fused convolution's epilogue while the values are in registers,
   * rounded as the three separate passes.
   */
  void copyColumnPlusResidualRelu(float[] src, int srcOff, int row, float[] dst, int dstOff, int n, float value,
      float[] residual, int resOff, boolean relu);

  /** {@code x[i] = value}. */
  void fill(float[] x, int off, int n, float value);

  /** {@code x[i] += value}: a channel's bias over its plane. */
  void addScalar(float[] x, int off, int n, float value);

  /** {@code y[i] = x[i] <= 0 ? 0 : x[i]}: max(0, x), with NaN kept NaN and -0 made +0. */
  void relu(float[] x, int xOff, float[] y, int yOff, int n);

  /** {@code y[i] = Math.min(Math.max(x[i], min), max)}: Clip and ReLU6 (MobileNet's activation). */
  void clip(float[] x, int xOff, float[] y, int yOff, int n, float min, float max);

  /** {@code dx[i] = y[i] > 0 ? dy[i] : 0}. */
  void reluBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n);

  /** {@code out[i] = a[i] * b[i]}. */
  void multiply(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n);

  /** {@code y[i] += alpha * x[i]}. */
  void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n);

  /**
   * One output row of a depthwise convolution: {@code y[yOff + o] = bias +} the sum over {@code t <
   * taps} of {@code w[t] * x[starts[t] + o]}, for {@code o < n}, taps added in order with fused
   * multiply-adds. {@code x} is a zero-padded copy of the input, so that every read is inside it,
   * up to a whole vector past {@code starts[t] + n}.
   */
  void depthwiseRow(float[] x, int[] starts, float[] w, int taps, float bias, float[] y, int yOff, int n);

  /** {@code y[i] = alpha * x[i] + beta * y[i]}, rounded as {@link #scale} then {@link #axpy} round it. */
  void axpby(float alpha, float[] x, int xOff, float beta, float[] y, int yOff, int n);

  /**
   * {@code v[i] = momentum * v[i] + g[i]}, then {@code w[i] -= learningRate * v[i]}, rounded as
   * {@link #axpby} then {@link #axpy} round them.
   */
  void momentumStep(float learningRate, float momentum, float[] g, int gOff, float[] v, int vOff, float[] w, int wOff,
      int n);

  /** {@code x[i] *= alpha}. */
  void scale(float[] x, int off, int n, float alpha);

  /** The sum of {@code x[i]}, accumulated in double. */
  double sum(float[] x, int off, int n);

  /**
   * The sum of the {@link #lanes()} floats from {@code off}, in one fixed order on every call,
   * interpreted or compiled (a tree: lane i plus lane i + lanes/2, and so on halving), so that
   * results do not depend on when the JIT compiles the caller.
   */
  float laneSum(float[] x, int off);

  /**
   * One output row of a 2x2, stride-2 max pool with switches: output {@code q} is the first maximum
   * (or first NaN) of {@code x[top + 2q]}, {@code x[top + 2q + 1]}, {@code x[top + w + 2q]},
   * {@code x[top + w + 2q + 1]} in that order, and its switch is that value's index counted from
   * {@code index0} (the index of {@code x[top]} in its plane) as the row-major plane index.
   */
  void maxPoolTwoByTwoRow(float[] x, int top, int w, int index0, float[] y, int yOff, float[] sw, int swOff, int count);

  /** {@code acc[i] = max(acc[i], x[i])} where NaN wins as in {@link Math#max(float, float)}. */
  void maxInto(float[] x, int xOff, float[] acc, int accOff, int n);

  /** {@code acc[i] += x[i]}. */
  void addInto(float[] x, int xOff, float[] acc, int accOff, int n);

  /**
   * {@code acc[i] = relu(acc[i] + x[i])} in one pass, rounded as {@link #addInto} then {@link #relu}:
   * a fused convolution's residual add and ReLU.
   */
  void addIntoThenRelu(float[] x, int xOff, float[] acc, int accOff, int n);

  /** {@code acc[i] += x[i] * x[i]}. */
  void addSquaresInto(float[] x, int xOff, float[] acc, int accOff, int n);
}
