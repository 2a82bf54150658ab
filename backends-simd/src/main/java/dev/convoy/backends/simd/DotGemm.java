package dev.convoy.backends.simd;

/**
 * {@code C = alpha * A * B^T + beta * C} for a short, deep A (a batch of FC inputs times the
 * weight matrix): every {@code C[i][j]} is the dot product of two stored rows, so {@link
 * Kernels#dotTile} reads B's rows in place instead of transposing the whole weight matrix into
 * packed panels (gathers, the FC-1024 forward's biggest cost). A, small, is copied once with its
 * rows interleaved four at a time. The depth runs in chunks; each chunk of a block of B's rows
 * stays in L1 while all of A's rows meet it. Tasks are blocks of B's rows, so no two write the
 * same value.
 */
final class DotGemm {
  /** Rows of A up to which this pays: beyond, the blocked GEMM reuses its packed panels better. */
  private static final int MAX_ROWS = 256;
  /**
   * Vectors of depth per chunk: a block of B's rows (20 KiB at 16 lanes) stays in L1 while every
   * block of A's rows streams past it from L2. With four blocks of B (80 KiB, in L2) against each
   * block of A in L1, the FC-1024 forward took 2.5-3.0 ms instead of 2.1-2.3.
   */
  private static final int CHUNK_VECTORS = 64;
  /** Tasks per thread, so that a thread slowed down by another process takes fewer. */
  private static final int TASKS_PER_THREAD = 4;

  private DotGemm() {}

  /**
   * Whether {@code A (m x k) * B^T} goes this way: A short, and the depth whole vectors (a partial
   * vector would multiply the next row's values by zeros, and 0 times infinity is NaN).
   */
  static boolean applies(Kernels kernels, boolean transA, boolean transB, int m, int k) {
    return !transA && transB && m <= MAX_ROWS && k >= 4 * kernels.lanes() && k % kernels.lanes() == 0;
  }

  static void multiply(Kernels kernels, WorkerPool pool, Workspace.Pool workspaces, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
    int lanes = kernels.lanes();
    int vectors = k / lanes;
    int rowBlocks = (m + Kernels.DOT_ROWS - 1) / Kernels.DOT_ROWS;
    int colBlocks = (n + Kernels.DOT_COLS - 1) / Kernels.DOT_COLS;
    int[] offsets = new int[colBlocks * Kernels.DOT_COLS];
    for (int j = 0; j < n; j++) {
      offsets[j] = j * ldb; // past n: row 0 again, its sums dropped
    }
    Workspace shared = workspaces.borrow();
    try {
      float[] interleaved = shared.columns(rowBlocks * Kernels.DOT_ROWS * k);
      interleave(kernels, a, aOff, lda, m, vectors, rowBlocks, interleaved);
      int tasks = Math.min(colBlocks, TASKS_PER_THREAD * pool.threads());
      pool.forEach(tasks, task -> {
        int from = BlockedGemm.splitPoint(colBlocks, 1, task, tasks);
        int to = BlockedGemm.splitPoint(colBlocks, 1, task + 1, tasks);
        Workspace ws = workspaces.borrow();
        try {
          int block = Kernels.DOT_ROWS * Kernels.DOT_COLS * lanes;
          float[] acc = ws.product(rowBlocks * block);
          for (int cb = from; cb < to; cb++) {
            kernels.fill(acc, 0, rowBlocks * block, 0f);
            for (int v0 = 0; v0 < vectors; v0 += CHUNK_VECTORS) {
              int count = Math.min(CHUNK_VECTORS, vectors - v0);
              for (int rb = 0; rb < rowBlocks; rb++) {
                kernels.dotTile(interleaved, (rb * vectors + v0) * Kernels.DOT_ROWS * lanes, 0, b, bOff + v0 * lanes, 0,
                    offsets, cb * Kernels.DOT_COLS, 1, count, acc, rb * block);
              }
            }
            store(kernels, acc, m, n, rowBlocks, cb, alpha, beta, c, cOff, ldc);
          }
        } finally {
          workspaces.giveBack(ws);
        }
      });
    } finally {
      workspaces.giveBack(shared);
    }
  }

  /** A's rows four at a time, vector by vector, as {@link Kernels#dotTile} reads them; zeros past m. */
  private static void interleave(Kernels kernels, float[] a, int aOff, int lda, int m, int vectors, int rowBlocks,
      float[] dst) {
    int lanes = kernels.lanes();
    for (int rb = 0; rb < rowBlocks; rb++) {
      for (int i = 0; i < Kernels.DOT_ROWS; i++) {
        int row = rb * Kernels.DOT_ROWS + i;
        for (int v = 0; v < vectors; v++) {
          int to = ((rb * vectors + v) * Kernels.DOT_ROWS + i) * lanes;
          if (row < m) {
            kernels.copy(a, aOff + row * lda + v * lanes, dst, to, lanes);
          } else {
            kernels.fill(dst, to, lanes, 0f);
          }
        }
      }
    }
  }

  /** Adds each group of lanes up into C's columns of block {@code cb}. */
  private static void store(Kernels kernels, float[] acc, int m, int n, int rowBlocks, int cb, float alpha, float beta,
      float[] c, int cOff, int ldc) {
    int lanes = kernels.lanes();
    int block = Kernels.DOT_ROWS * Kernels.DOT_COLS * lanes;
    for (int rb = 0; rb < rowBlocks; rb++) {
      for (int i = 0; i < Kernels.DOT_ROWS; i++) {
        int row = rb * Kernels.DOT_ROWS + i;
        for (int j = 0; j < Kernels.DOT_COLS; j++) {
          int col = cb * Kernels.DOT_COLS + j;
          if (row < m && col < n) {
            float sum = kernels.laneSum(acc, rb * block + (i * Kernels.DOT_COLS + j) * lanes);
            int at = cOff + row * ldc + col;
            // As BLAS: with beta 0 the old C is not read, so NaN there does not survive.
            c[at] = beta == 0f ? alpha * sum : alpha * sum + beta * c[at];
          }
        }
      }
    }
  }
}
