package dev.convoy.backends.simd;

import dev.convoy.api.ConvGeometry;

/**
 * The filter gradient {@code dW += dY x X_col^T} of a stride-1 convolution with rows of five
 * taps and filters in whole blocks of {@code 4 * lanes} (LeNet's 5x5, 32->64 layer), by {@link
 * Kernels#tapRowGradient}: the filters lie across the vector lanes and each input value is
 * broadcast, so the sums need no adding up of lanes (the run-based {@link LayoutFilterGradient}
 * adds 20 groups of lanes per call and reached about 70% of the FMA peak there; this kernel runs at
 * nearly all of it). The output gradient is transposed first so that each position's filters are
 * contiguous; the inputs are read from the images' {@link PhaseLayout}s at each output position's
 * column, so the layout's extra columns are skipped (16 columns for every 14 positions on that
 * layer; reading all of them took 4.9-5.2 ms against 4.7 for the 5x5 32->64 layer at batch 64).
 *
 * <p>Tasks are slices of (tap row, filter block) pairs, each with its own accumulators, so no two
 * write the same gradient value; they walk the images a sweep at a time, so a sweep's transposed
 * gradient stays in L2 while every pair of the slice passes over it.
 */
final class TapRowFilterGradient {
  /** Floats of the transposed gradient one sweep of images takes: 256 KiB, for L2. */
  private static final int SWEEP_FLOATS = 64 * 1024;
  /** Tasks per thread, so that a thread slowed down by another process takes fewer. */
  private static final int TASKS_PER_THREAD = 4;

  private final Kernels kernels;
  private final WorkerPool pool;
  private final Workspace.Pool workspaces;
  private final ConvGeometry g;
  private final PhaseLayout layout;
  private final int kg;
  private final int cg;
  private final int taps;
  private final int filters;
  private final int positions;
  private final int imageStride;
  private final int dyImageStride;
  private final int[] tapOffsets;
  private final int[] layoutColumns;
  private final int[] filterStride;
  private final int chunkFloats;

  /** Whether {@code g}'s filter gradient can go this way (see the class comment). */
  static boolean applies(Kernels kernels, ConvGeometry g) {
    return g.strideH() == 1 && g.strideW() == 1 && g.dilationW() == 1 && g.kw() % Kernels.TAP_ROW == 0
        && g.k() / g.groups() % (Kernels.FILTER_VECTORS * kernels.lanes()) == 0;
  }

  /** @param chunkFloats about how many floats of scratch one chunk of images may take */
  TapRowFilterGradient(Kernels kernels, WorkerPool pool, Workspace.Pool workspaces, ConvGeometry g, PhaseLayout layout,
      int chunkFloats) {
    this.kernels = kernels;
    this.pool = pool;
    this.workspaces = workspaces;
    this.g = g;
    this.layout = layout;
    this.chunkFloats = chunkFloats;
    this.kg = g.k() / g.groups();
    this.cg = g.c() / g.groups();
    this.taps = cg * g.kh() * g.kw();
    this.filters = Kernels.FILTER_VECTORS * kernels.lanes();
    this.positions = g.outH() * g.outW();
    this.layoutColumns = new int[positions];
    for (int q = 0; q < positions; q++) {
      layoutColumns[q] = q / g.outW() * layout.rowLength() + q % g.outW();
    }
    this.imageStride = layout.size();
    this.dyImageStride = positions * kg;
    this.tapOffsets = layout.tapOffsets(taps);
    this.filterStride = new int[kg];
    for (int f = 0; f < kg; f++) {
      filterStride[f] = f * g.outH() * g.outW(); // filter f's plane: one position's gradients, gathered
    }
  }

  void accumulate(float[] x, int xOff, float[] dy, int dyOff, float[] dw, int dwOff) {
    int chunk = Math.clamp(chunkFloats / (imageStride + dyImageStride), 1, g.n());
    int sweep = Math.clamp(SWEEP_FLOATS / dyImageStride, 1, chunk);
    int units = taps / Kernels.TAP_ROW * (kg / filters);
    int tasks = Math.min(units, TASKS_PER_THREAD * pool.threads());
    Workspace shared = workspaces.borrow();
    try {
      float[] laidOut = shared.phases(chunk * imageStride);
      float[] transposed = shared.columns(chunk * dyImageStride);
      for (int first = 0; first < g.n(); first += chunk) {
        int images = Math.min(chunk, g.n() - first);
        for (int group = 0; group < g.groups(); group++) {
          int firstImage = first;
          int groupNow = group;
          pool.forEach(images, image -> {
            layout.build(kernels, x, xOff + ((firstImage + image) * g.c() + groupNow * cg) * g.h() * g.w(), laidOut,
                image * imageStride);
            transpose(dy, dyOff + ((firstImage + image) * g.k() + groupNow * kg) * g.outH() * g.outW(), transposed,
                image * dyImageStride);
          });
          pool.forEach(tasks, task -> sumUnits(laidOut, transposed, images, sweep,
              BlockedGemm.splitPoint(units, 1, task, tasks), BlockedGemm.splitPoint(units, 1, task + 1, tasks), dw,
              dwOff + groupNow * kg * taps));
        }
      }
    } finally {
      workspaces.giveBack(shared);
    }
  }

  /** One image's {@code dY} planes of one group, filters innermost: {@code dst[q*kg + f]} for output position q. */
  private void transpose(float[] dy, int planes, float[] dst, int dstOff) {
    for (int q = 0; q < positions; q++) {
      kernels.gather(dy, planes + q, filterStride, 0, dst, dstOff + q * kg, kg);
    }
  }

  /** Units {@code [from, to)}, unit {@code u} being tap row {@code u / blocks} and filter block {@code u % blocks}. */
  private void sumUnits(float[] laidOut, float[] transposed, int images, int sweep, int from, int to, float[] dw,
      int dwOff) {
    if (from >= to) {
      return;
    }
    int lanes = kernels.lanes();
    int blocks = kg / filters;
    int block = Kernels.TAP_ROW * filters;
    Workspace ws = workspaces.borrow();
    try {
      float[] acc = ws.product((to - from) * block);
      kernels.fill(acc, 0, (to - from) * block, 0f);
      for (int m0 = 0; m0 < images; m0 += sweep) {
        int count = Math.min(sweep, images - m0);
        for (int u = from; u < to; u++) {
          int t0 = u / blocks * Kernels.TAP_ROW;
          kernels.tapRowGradient(laidOut, m0 * imageStride + tapOffsets[t0], imageStride, layoutColumns, transposed,
              m0 * dyImageStride + u % blocks * filters, dyImageStride, kg, count, positions, acc, (u - from) * block);
        }
      }
      for (int u = from; u < to; u++) {
        int t0 = u / blocks * Kernels.TAP_ROW;
        int f0 = u % blocks * filters;
        for (int j = 0; j < Kernels.TAP_ROW; j++) {
          for (int f = 0; f < filters; f++) {
            // acc lane (j*FILTER_VECTORS + f/lanes)*lanes + f%lanes is filter f0+f, tap t0+j.
            dw[dwOff + (f0 + f) * taps + t0 + j] += acc[(u - from) * block + j * filters + f];
          }
        }
      }
    } finally {
      workspaces.giveBack(ws);
    }
  }
}
