package dev.convoy.backends.simd;

/**
 * The plain-Java twin of {@link PanamaKernels}: the same contracts as simple loops. Tests run both
 * on the same random inputs; the GEMM driver runs on either, with any register-tile shape.
 */
final class ScalarKernels implements Kernels {
  private final int rows;
  private final int shortRows;
  private final int cols;
  private final int rowTileFilters;

  /** A twin with the given register-tile shapes; give it a vector kernel's to consume the same packed panels. */
  ScalarKernels(int tileRows, int shortTileRows, int tileCols, int rowTileFilters) {
    this.rows = tileRows;
    this.shortRows = shortTileRows;
    this.cols = tileCols;
    this.rowTileFilters = rowTileFilters;
  }

  /** The plain twin of {@code vector}: same tile shapes, so the same packed panels. */
  static ScalarKernels twinOf(Kernels vector) {
    return new ScalarKernels(vector.tileRows(), vector.shortTileRows(), vector.tileCols(), vector.rowTileFilters());
  }

  @Override
  public String description() {
    return "plain Java loops, GEMM tile " + rows + "x" + cols;
  }

  @Override
  public int lanes() {
    return 1;
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
    return cols;
  }

  @Override
  public void gemmTile(int rows, int kc, float[] a, int aOff, float[] b, int bOff, float alpha, float beta,
      float[] c, int cOff, int ldc) {
    float[] acc = new float[rows * cols];
    for (int p = 0; p < kc; p++) {
      for (int i = 0; i < rows; i++) {
        float ai = a[aOff + p * rows + i];
        for (int j = 0; j < cols; j++) {
          acc[i * cols + j] = Math.fma(ai, b[bOff + p * cols + j], acc[i * cols + j]);
        }
      }
    }
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        int at = cOff + i * ldc + j;
        float old = beta == 0f ? 0f : beta == 1f ? c[at] : c[at] * beta;
        c[at] = Math.fma(acc[i * cols + j], alpha, old);
      }
    }
  }

  @Override
  public void convTile(int rows, int kc, float[] a, int aOff, float[] x, int xOff, int[] offsets, int offIdx,
      float beta, float[] c, int cOff, int ldc) {
    float[] acc = new float[rows * cols];
    for (int p = 0; p < kc; p++) {
      int at = xOff + offsets[offIdx + p];
      for (int i = 0; i < rows; i++) {
        float ai = a[aOff + p * rows + i];
        for (int j = 0; j < cols; j++) {
          acc[i * cols + j] = Math.fma(ai, x[at + j], acc[i * cols + j]);
        }
      }
    }
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        int to = cOff + i * ldc + j;
        c[to] = beta == 0f ? acc[i * cols + j] : c[to] + acc[i * cols + j];
      }
    }
  }

  @Override
  public int directPositions() {
    return DIRECT_POSITIONS;
  }

  @Override
  public void directConvTile(int kc, float[] w, int wOff, float[] x, int xOff, int[] offsets, int offIdx,
      float[] product, int pOff) {
    float[] acc = new float[DIRECT_POSITIONS * cols];
    for (int p = 0; p < kc; p++) {
      int at = xOff + offsets[offIdx + p];
      for (int i = 0; i < DIRECT_POSITIONS; i++) {
        for (int f = 0; f < cols; f++) {
          acc[i * cols + f] = Math.fma(x[at + i], w[wOff + p * cols + f], acc[i * cols + f]);
        }
      }
    }
    System.arraycopy(acc, 0, product, pOff, acc.length);
  }

  @Override
  public int rowTileFilters() {
    return rowTileFilters;
  }

  @Override
  public void directRowTile(int kw, int rows, float[] w, int wOff, float[] x, int xOff, int[] offsets, int offIdx,
      float[] product, int pOff) {
    int width = rowTileFilters;
    float[] acc = new float[DIRECT_POSITIONS * width];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < kw; j++) {
        for (int i = 0; i < DIRECT_POSITIONS; i++) {
          float in = x[xOff + offsets[offIdx + r * kw] + i + j];
          for (int f = 0; f < width; f++) {
            acc[i * width + f] = Math.fma(in, w[wOff + (r * kw + j) * width + f], acc[i * width + f]);
          }
        }
      }
    }
    System.arraycopy(acc, 0, product, pOff, acc.length);
  }

  @Override
  public void deinterleave(float[] src, int srcOff, int ways, float[] dst, int dstOff, int phaseStride, int n) {
    deinterleaveInOrder(src, srcOff, ways, dst, dstOff, phaseStride, 0, n);
  }

  /** {@link #deinterleave} of values {@code [from, n)}, one at a time. */
  static void deinterleaveInOrder(float[] src, int srcOff, int ways, float[] dst, int dstOff, int phaseStride, int from,
      int n) {
    for (int i = from; i < n; i++) {
      dst[dstOff + i % ways * phaseStride + i / ways] = src[srcOff + i];
    }
  }

  @Override
  public void copy(float[] src, int srcOff, float[] dst, int dstOff, int n) {
    System.arraycopy(src, srcOff, dst, dstOff, n);
  }

  @Override
  public void maxPoolTwoByTwoRow(float[] x, int top, int w, int index0, float[] y, int yOff, float[] sw, int swOff,
      int count) {
    for (int q = 0; q < count; q++) {
      int at = top + 2 * q;
      float best = x[at];
      int index = 0;
      for (int corner = 1; corner < 4; corner++) {
        int offset = corner / 2 * w + corner % 2; // 1, w, w + 1
        float v = x[at + offset];
        if (!(v <= best) && best == best) {
          best = v;
          index = offset;
        }
      }
      y[yOff + q] = best;
      sw[swOff + q] = index0 + 2 * q + index;
    }
  }

  @Override
  public void gather(float[] src, int base, int[] index, int indexOff, float[] dst, int dstOff, int n) {
    for (int i = 0; i < n; i++) {
      dst[dstOff + i] = src[base + index[indexOff + i]];
    }
  }

  @Override
  public void dotTile(float[] a, int aOff, int aImageStride, float[] b, int bOff, int bImageStride, int[] offsets,
      int offIdx, int images, int vectors, float[] acc, int accOff) {
    for (int i = 0; i < DOT_ROWS; i++) {
      for (int j = 0; j < DOT_COLS; j++) {
        float sum = acc[accOff + i * DOT_COLS + j];
        for (int m = 0; m < images; m++) {
          int at = aOff + m * aImageStride + i;
          int bt = bOff + m * bImageStride + offsets[offIdx + j];
          for (int v = 0; v < vectors; v++) {
            sum = Math.fma(a[at + v * DOT_ROWS], b[bt + v], sum);
          }
        }
        acc[accOff + i * DOT_COLS + j] = sum;
      }
    }
  }

  @Override
  public void tapRowGradient(float[] x, int xOff, int xImageStride, int[] at, float[] dyT, int dyOff,
      int dyImageStride, int dyStride, int images, int positions, float[] acc, int accOff) {
    for (int j = 0; j < TAP_ROW; j++) {
      for (int v = 0; v < FILTER_VECTORS; v++) {
        float sum = acc[accOff + j * FILTER_VECTORS + v];
        for (int m = 0; m < images; m++) {
          for (int q = 0; q < positions; q++) {
            sum = Math.fma(x[xOff + m * xImageStride + at[q] + j], dyT[dyOff + m * dyImageStride + q * dyStride + v],
                sum);
          }
        }
        acc[accOff + j * FILTER_VECTORS + v] = sum;
      }
    }
  }

  @Override
  public void copyPlus(float[] src, int srcOff, float[] dst, int dstOff, int n, float value) {
    for (int i = 0; i < n; i++) {
      dst[dstOff + i] = src[srcOff + i] + value;
    }
  }

  @Override
  public void copyColumnPlus(float[] src, int srcOff, int row, float[] dst, int dstOff, int n, float value) {
    for (int i = 0; i < n; i++) {
      dst[dstOff + i] = src[srcOff + i * row] + value;
    }
  }

  @Override
  public void copyColumnPlusResidualRelu(float[] src, int srcOff, int row, float[] dst, int dstOff, int n,
      float value, float[] residual, int resOff, boolean relu) {
    for (int i = 0; i < n; i++) {
      float v = src[srcOff + i * row] + value;
      if (residual != null) {
        v += residual[resOff + i];
      }
      dst[dstOff + i] = relu && v <= 0f ? 0f : v;
    }
  }

  @Override
  public void fill(float[] x, int off, int n, float value) {
    java.util.Arrays.fill(x, off, off + n, value);
  }

  @Override
  public void addScalar(float[] x, int off, int n, float value) {
    for (int i = 0; i < n; i++) {
      x[off + i] += value;
    }
  }

  @Override
  public void clip(float[] x, int xOff, float[] y, int yOff, int n, float min, float max) {
    for (int i = 0; i < n; i++) {
      y[yOff + i] = Math.min(Math.max(x[xOff + i], min), max);
    }
  }

  @Override
  public void relu(float[] x, int xOff, float[] y, int yOff, int n) {
    for (int i = 0; i < n; i++) {
      float v = x[xOff + i];
      y[yOff + i] = v <= 0f ? 0f : v;
    }
  }

  @Override
  public void reluBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
    for (int i = 0; i < n; i++) {
      dx[dxOff + i] = y[yOff + i] > 0f ? dy[dyOff + i] : 0f;
    }
  }

  @Override
  public void multiply(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
    for (int i = 0; i < n; i++) {
      out[outOff + i] = a[aOff + i] * b[bOff + i];
    }
  }

  @Override
  public void depthwiseRow(float[] x, int[] starts, float[] w, int taps, float bias, float[] y, int yOff, int n) {
    for (int o = 0; o < n; o++) {
      float sum = 0f;
      for (int t = 0; t < taps; t++) {
        sum = Math.fma(w[t], x[starts[t] + o], sum);
      }
      y[yOff + o] = sum + bias;
    }
  }

  @Override
  public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
    for (int i = 0; i < n; i++) {
      y[yOff + i] = y[yOff + i] + alpha * x[xOff + i];
    }
  }

  @Override
  public void axpby(float alpha, float[] x, int xOff, float beta, float[] y, int yOff, int n) {
    for (int i = 0; i < n; i++) {
      float scaled = y[yOff + i] * beta;
      y[yOff + i] = scaled + alpha * x[xOff + i];
    }
  }

  @Override
  public void momentumStep(float learningRate, float momentum, float[] g, int gOff, float[] v, int vOff, float[] w,
      int wOff, int n) {
    for (int i = 0; i < n; i++) {
      float decayed = v[vOff + i] * momentum;
      v[vOff + i] = decayed + 1f * g[gOff + i];
      w[wOff + i] = w[wOff + i] + -learningRate * v[vOff + i];
    }
  }

  @Override
  public void scale(float[] x, int off, int n, float alpha) {
    for (int i = 0; i < n; i++) {
      x[off + i] *= alpha;
    }
  }

  @Override
  public float laneSum(float[] x, int off) {
    return x[off]; // one lane
  }

  @Override
  public double sum(float[] x, int off, int n) {
    return sumInDouble(x, off, n);
  }

  /** The sum in one double accumulator, left to right. */
  static double sumInDouble(float[] x, int off, int n) {
    double total = 0;
    for (int i = 0; i < n; i++) {
      total += x[off + i];
    }
    return total;
  }

  @Override
  public void maxInto(float[] x, int xOff, float[] acc, int accOff, int n) {
    for (int i = 0; i < n; i++) {
      acc[accOff + i] = Math.max(acc[accOff + i], x[xOff + i]);
    }
  }

  @Override
  public void addIntoThenRelu(float[] x, int xOff, float[] acc, int accOff, int n) {
    for (int i = 0; i < n; i++) {
      float v = acc[accOff + i] + x[xOff + i];
      acc[accOff + i] = v <= 0f ? 0f : v;
    }
  }

  @Override
  public void addInto(float[] x, int xOff, float[] acc, int accOff, int n) {
    for (int i = 0; i < n; i++) {
      acc[accOff + i] += x[xOff + i];
    }
  }

  @Override
  public void addSquaresInto(float[] x, int xOff, float[] acc, int accOff, int n) {
    for (int i = 0; i < n; i++) {
      float v = x[xOff + i];
      acc[accOff + i] = Math.fma(v, v, acc[accOff + i]);
    }
  }
}
