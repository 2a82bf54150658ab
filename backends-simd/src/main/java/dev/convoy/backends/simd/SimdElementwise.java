package dev.convoy.backends.simd;

/**
 * Elementwise kernels and channel bias over big arrays: split into contiguous chunks across
 * the pool (each chunk one {@link Kernels} call), and run on the caller alone when small.
 */
final class SimdElementwise {
  /** Below this many values one thread is faster than waking the others. */
  private static final int CHUNK = 1 << 15;

  private final Kernels kernels;
  private final WorkerPool pool;

  SimdElementwise(Kernels kernels, WorkerPool pool) {
    this.kernels = kernels;
    this.pool = pool;
  }

  /** One chunk {@code [from, to)} of a split range. */
  @FunctionalInterface
  interface Chunk {
    void run(int from, int to);
  }

  /** Runs {@code body} over {@code [0, n)} in chunks of at least {@link #CHUNK}, across the pool. */
  void forChunks(int n, Chunk body) {
    int chunks = Math.max(1, Math.min(pool.threads(), n / CHUNK));
    if (chunks == 1) {
      body.run(0, n);
      return;
    }
    pool.forEach(chunks, c -> body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks)));
  }

  /**
   * Runs {@code body} over {@code [0, units)} split into ranges of whole units (items, rows) of
   * {@code valuesPerUnit} values each, every range at least {@link #CHUNK} values, across the pool.
   */
  void forUnits(int units, long valuesPerUnit, Chunk body) {
    int chunks = (int) Math.max(1, Math.min(Math.min(pool.threads(), units), units * valuesPerUnit / CHUNK));
    if (chunks == 1) {
      body.run(0, units);
      return;
    }
    pool.forEach(chunks, c -> body.run((int) ((long) units * c / chunks), (int) ((long) units * (c + 1) / chunks)));
  }

  void multiply(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
    forChunks(n, (from, to) -> kernels.multiply(a, aOff + from, b, bOff + from, out, outOff + from, to - from));
  }

  void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
    forChunks(n, (from, to) -> kernels.axpy(alpha, x, xOff + from, y, yOff + from, to - from));
  }

  void axpby(float alpha, float[] x, int xOff, float beta, float[] y, int yOff, int n) {
    forChunks(n, (from, to) -> kernels.axpby(alpha, x, xOff + from, beta, y, yOff + from, to - from));
  }

  void momentumStep(float learningRate, float momentum, float[] g, int gOff, float[] v, int vOff, float[] w, int wOff,
      int n) {
    forChunks(n, (from, to) -> kernels.momentumStep(learningRate, momentum, g, gOff + from, v, vOff + from, w,
        wOff + from, to - from));
  }

  void scale(float[] x, int off, int n, float alpha) {
    forChunks(n, (from, to) -> kernels.scale(x, off + from, to - from, alpha));
  }

  void fill(float[] x, int off, int n, float value) {
    forChunks(n, (from, to) -> kernels.fill(x, off + from, to - from, value));
  }

  void copy(float[] src, int srcOff, float[] dst, int dstOff, int n) {
    forChunks(n, (from, to) -> kernels.copy(src, srcOff + from, dst, dstOff + from, to - from));
  }

  /** {@code y[item, ch, ...] += bias[ch]} over {@code inner} values per (item, channel). */
  void addChannelBias(float[] y, int yOff, float[] bias, int biasOff, int items, int channels, int inner) {
    if (inner == 1) {
      // An FC layer's [N, features]: a bias vector per row, not a one-value plane per channel.
      forChunks(items * channels, (from, to) -> {
        for (int item = from / channels; item * channels < to; item++) {
          int start = Math.max(from, item * channels);
          int end = Math.min(to, (item + 1) * channels);
          kernels.addInto(bias, biasOff + start - item * channels, y, yOff + start, end - start);
        }
      });
      return;
    }
    int planes = items * channels;
    int tasks = Math.max(1, Math.min(pool.threads(), (int) ((long) planes * inner / CHUNK)));
    pool.forEach(tasks, t -> {
      for (int p = planes * t / tasks, end = planes * (t + 1) / tasks; p < end; p++) {
        kernels.addScalar(y, yOff + p * inner, inner, bias[biasOff + p % channels]);
      }
    });
  }

  /** {@code dBias[ch] += sum of dy over items and positions of channel ch}, in double. */
  void accumulateChannelBiasGradient(float[] dy, int dyOff, float[] dBias, int dbOff, int items, int channels,
      int inner) {
    if (inner == 1) {
      // An FC layer's [N, features]: walk the rows in order, one double sum per feature.
      double[] totals = new double[channels];
      for (int item = 0; item < items; item++) {
        int row = dyOff + item * channels;
        for (int ch = 0; ch < channels; ch++) {
          totals[ch] += dy[row + ch];
        }
      }
      for (int ch = 0; ch < channels; ch++) {
        dBias[dbOff + ch] = (float) (dBias[dbOff + ch] + totals[ch]);
      }
      return;
    }
    int tasks = Math.max(1, Math.min(Math.min(pool.threads(), channels), (int) ((long) items * channels * inner / CHUNK)));
    pool.forEach(tasks, t -> {
      for (int ch = channels * t / tasks, end = channels * (t + 1) / tasks; ch < end; ch++) {
        double total = 0;
        for (int item = 0; item < items; item++) {
          total += kernels.sum(dy, dyOff + (item * channels + ch) * inner, inner);
        }
        dBias[dbOff + ch] = (float) (dBias[dbOff + ch] + total);
      }
    });
  }
}
