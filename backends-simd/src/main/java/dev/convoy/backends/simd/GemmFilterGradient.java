package dev.convoy.backends.simd;

import dev.convoy.api.ConvGeometry;

/**
 * The filter gradient {@code dW += dY x X_col^T} of a stride-1 convolution with few output
 * positions, as one GEMM over a chunk of images: their im2col matrices side by side ({@code [taps,
 * images * positions]}) and their {@code dY} rows likewise ({@code [filters, images *
 * positions]}), so the GEMM's depth is every position of the chunk. {@link LayoutFilterGradient}'s
 * dot products of runs pay a call per 4 x 5 block and image, which at 7 x 7 positions is most of
 * the work: resnet18's 512-filter layer at batch 8 ran at ~50 GFLOP/s. Tasks are strips of taps,
 * so no two write the same gradient value.
 */
final class GemmFilterGradient {
  /** Floats of im2col matrix made at once: 16 MiB, whatever the batch. */
  private static final int CHUNK_FLOATS = 4 << 20;
  /**
   * Output positions up to which this beats the layout's dot products. Batch 8, 3x3, one JVM
   * (KernelTimes, median of the last 300 of 600 calls): 512 filters on 7 x 7 (49 positions)
   * 30.3-32.0 ms by dot products, 10.0-10.6 ms by GEMM; 256 on 14 x 14 (196) 9.2-9.3 against
   * 11.1-11.2; LeNet's 5x5 layer on 14 x 14 at batch 64, 4.2 against 21.6.
   */
  private static final int MAX_POSITIONS = 64;

  private final Kernels kernels;
  private final WorkerPool pool;
  private final Workspace.Pool workspaces;

  GemmFilterGradient(Kernels kernels, WorkerPool pool, Workspace.Pool workspaces) {
    this.kernels = kernels;
    this.pool = pool;
    this.workspaces = workspaces;
  }

  /** Stride 1 (the im2col rows are copied runs), one group, and few output positions. */
  static boolean applies(ConvGeometry g) {
    return g.strideH() == 1 && g.strideW() == 1 && g.groups() == 1 && g.outH() * g.outW() <= MAX_POSITIONS;
  }

  void accumulate(ConvGeometry g, float[] x, int xOff, float[] dy, int dyOff, float[] dw, int dwOff) {
    int taps = g.c() * g.kh() * g.kw();
    int positions = g.outH() * g.outW();
    int chunk = Math.clamp(CHUNK_FLOATS / ((long) taps * positions), 1, g.n());
    int nr = kernels.tileCols();
    int strips = Math.min(pool.threads(), (taps + nr - 1) / nr);
    Workspace shared = workspaces.borrow();
    try {
      for (int first = 0; first < g.n(); first += chunk) {
        int images = Math.min(chunk, g.n() - first);
        int depth = images * positions;
        float[] cols = shared.columns(taps * depth);
        float[] grads = shared.product(g.k() * depth);
        float[] one = shared.rows(taps * positions);
        for (int i = 0; i < images; i++) {
          int image = first + i;
          new Im2colPanels(kernels, x, xOff + image * g.c() * g.h() * g.w(), g)
              .pack(0, taps, 0, positions, positions, one, 0);
          for (int t = 0; t < taps; t++) {
            kernels.copy(one, t * positions, cols, t * depth + i * positions, positions);
          }
          for (int f = 0; f < g.k(); f++) {
            kernels.copy(dy, dyOff + (image * g.k() + f) * positions, grads, f * depth + i * positions, positions);
          }
        }
        pool.forEach(strips, strip -> {
          int from = BlockedGemm.splitPoint(taps, nr, strip, strips);
          int to = BlockedGemm.splitPoint(taps, nr, strip + 1, strips);
          if (from >= to) {
            return;
          }
          Workspace ws = workspaces.borrow();
          try {
            BlockedGemm.multiply(kernels, ws, g.k(), to - from, depth, 1f,
                PanelSource.matrixA(grads, 0, depth, false, kernels),
                PanelSource.matrixB(cols, from * depth, depth, true, kernels), 1f, dw, dwOff + from, taps);
          } finally {
            workspaces.giveBack(ws);
          }
        });
      }
    } finally {
      workspaces.giveBack(shared);
    }
  }
}
