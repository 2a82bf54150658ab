package dev.convoy.backends.simd;

/**
 * {@link BlockedGemm} over stored matrices, split across the worker pool. Mid-sized products cut
 * C into one strip per thread along its longer side, each an independent product with its own
 * workspace. Big ones share each packed B block and A's packed row blocks between the threads,
 * BLIS style: the threads pack both together, then take (row block, column slice) tasks from a
 * counter; a thread slowed down by another process on its core simply takes fewer tasks,
 * where a fixed split would leave the whole product waiting for it.
 */
final class ParallelGemm {
  /** Below this many multiply-adds one thread is faster than waking the others. */
  private static final long PARALLEL_THRESHOLD = 1L << 18;
  /**
   * Sides from which threads share packed B blocks: each k block then costs two hand-offs, which
   * pay only when every block holds a lot of work (1024^3: yes; 64 x 3136 x 576: no).
   */
  private static final int SHARED_MIN_SIDE = 512;
  /** Compute tasks per thread and B block, so that uneven progress evens out. */
  private static final int TASKS_PER_THREAD = 8;

  private ParallelGemm() {}

  /**
   * {@code c = alpha * op(a) * op(b) + beta * c} on row-major arrays with row strides {@code lda},
   * {@code ldb}, {@code ldc} as stored (before any transpose).
   */
  static void multiply(Kernels kernels, WorkerPool pool, Workspace.Pool workspaces, boolean transA, boolean transB,
      int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta,
      float[] c, int cOff, int ldc) {
    long work = (long) m * n * k;
    if (work >= PARALLEL_THRESHOLD && DotGemm.applies(kernels, transA, transB, m, k)) {
      DotGemm.multiply(kernels, pool, workspaces, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
      return;
    }
    if (m >= SHARED_MIN_SIDE && n >= SHARED_MIN_SIDE && k >= BlockedGemm.KC && pool.threads() > 1) {
      shared(kernels, pool, workspaces, m, n, k, alpha, PanelSource.matrixA(a, aOff, lda, transA, kernels),
          PanelSource.matrixB(b, bOff, ldb, transB, kernels), beta, c, cOff, ldc);
      return;
    }
    int parts = work < PARALLEL_THRESHOLD ? 1 : pool.threads();
    boolean byColumns = n >= m;
    int unit = byColumns ? kernels.tileCols() : kernels.tileRows();
    int length = byColumns ? n : m;
    int units = (length + unit - 1) / unit;
    int count = Math.min(parts, units);
    pool.forEach(count, part -> {
      int from = BlockedGemm.splitPoint(length, unit, part, count);
      int to = BlockedGemm.splitPoint(length, unit, part + 1, count);
      if (from >= to) {
        return;
      }
      Workspace ws = workspaces.borrow();
      try {
        if (byColumns) {
          // Columns [from, to) of op(B) and of C.
          int bStart = transB ? bOff + from * ldb : bOff + from;
          BlockedGemm.multiply(kernels, ws, m, to - from, k, alpha, PanelSource.matrixA(a, aOff, lda, transA, kernels),
              PanelSource.matrixB(b, bStart, ldb, transB, kernels), beta, c, cOff + from, ldc);
        } else {
          // Rows [from, to) of op(A) and of C.
          int aStart = transA ? aOff + from : aOff + from * lda;
          BlockedGemm.multiply(kernels, ws, to - from, n, k, alpha, PanelSource.matrixA(a, aStart, lda, transA, kernels),
              PanelSource.matrixB(b, bOff, ldb, transB, kernels), beta, c, cOff + from * ldc, ldc);
        }
      } finally {
        workspaces.giveBack(ws);
      }
    });
  }

  /** The shared-B product described in the class comment. */
  static void shared(Kernels kernels, WorkerPool pool, Workspace.Pool workspaces, int m, int n, int k, float alpha,
      PanelSource.A a, PanelSource.B b, float beta, float[] c, int cOff, int ldc) {
    if (k == 0 || alpha == 0f) {
      Workspace ws = workspaces.borrow();
      try {
        BlockedGemm.multiply(kernels, ws, m, n, k, alpha, a, b, beta, c, cOff, ldc);
      } finally {
        workspaces.giveBack(ws);
      }
      return;
    }
    int mr = BlockedGemm.tileRowsFor(kernels, m);
    int nr = kernels.tileCols();
    // Row blocks of even height (1024 rows: 8 of 128, not 7 of 144 and one of 16).
    int rowBlocks = (m + BlockedGemm.MC - 1) / BlockedGemm.MC;
    int blockRows = BlockedGemm.roundUp((m + rowBlocks - 1) / rowBlocks, mr);
    Workspace sharedWs = workspaces.borrow();
    try {
      float[] packedB = sharedWs.packedB(Math.min(BlockedGemm.KC, k)
          * Math.min(BlockedGemm.NC, BlockedGemm.roundUp(n, nr)));
      float[] packedA = sharedWs.packedA(rowBlocks * blockRows * Math.min(BlockedGemm.KC, k));
      for (int jc = 0; jc < n; jc += BlockedGemm.NC) {
        int nc = Math.min(BlockedGemm.NC, n - jc);
        int panels = (nc + nr - 1) / nr;
        int slices = Math.clamp((TASKS_PER_THREAD * pool.threads() + rowBlocks - 1) / rowBlocks, 1, panels);
        int packTasks = Math.min(panels, 2 * pool.threads());
        for (int pc = 0; pc < k; pc += BlockedGemm.KC) {
          int kc = Math.min(BlockedGemm.KC, k - pc);
          float blockBeta = pc == 0 ? beta : 1f;
          int j0 = jc;
          int k0 = pc;
          // A's row blocks are packed once here, beside B's panels, not once per column slice.
          pool.forEach(packTasks + rowBlocks, t -> {
            if (t < packTasks) {
              int p0 = panels * t / packTasks;
              int p1 = panels * (t + 1) / packTasks;
              if (p1 > p0) {
                b.pack(k0, kc, j0 + p0 * nr, Math.min(nc, p1 * nr) - p0 * nr, nr, packedB, p0 * nr * kc);
              }
              return;
            }
            int ic = (t - packTasks) * blockRows;
            int mc = Math.min(blockRows, m - ic);
            if (mc > 0) {
              a.pack(ic, mc, k0, kc, mr, packedA, (t - packTasks) * blockRows * kc);
            }
          });
          pool.forEach(rowBlocks * slices, task -> {
            int block = task / slices;
            int ic = block * blockRows;
            int mc = Math.min(blockRows, m - ic);
            if (mc <= 0) {
              return;
            }
            int slice = task % slices;
            int q0 = panels * slice / slices;
            int q1 = panels * (slice + 1) / slices;
            if (q1 <= q0) {
              return;
            }
            Workspace ws = workspaces.borrow();
            try {
              BlockedGemm.macroKernel(kernels, mr, mc, Math.min(nc, q1 * nr) - q0 * nr, kc, alpha, packedA,
                  block * blockRows * kc, packedB, q0 * nr * kc, blockBeta, c, cOff + ic * ldc + j0 + q0 * nr, ldc,
                  ws.tile(kernels.tileRows() * nr));
            } finally {
              workspaces.giveBack(ws);
            }
          });
        }
      }
    } finally {
      workspaces.giveBack(sharedWs);
    }
  }
}
