package dev.convoy.backends.simd;

import dev.convoy.api.ConvGeometry;

/**
 * The filter gradient {@code dW += dY x X_col^T} of a convolution whose input fits a {@link
 * PhaseLayout}, as sums of products of runs instead of a GEMM. In the layout every filter tap's
 * inputs are one contiguous run whose value {@code oh * rowLength + ow} meets output position
 * {@code (oh, ow)}; {@code dY} is copied into runs of the same shape, with zeros in the layout's
 * extra columns. Then {@code dW[f][t]} is the dot product of filter {@code f}'s run with tap
 * {@code t}'s run, summed over the images, and {@link Kernels#dotTile} computes a block of
 * {@code 4 x 5} of them with vector loads straight from both: nothing is packed, gathered or
 * transposed. Each lane sums its own share until every image is done, so the lanes are added up
 * once per call.
 *
 * <p>The extra columns cost {@code rowLength / outW} more multiply-adds (16 for 14 on LeNet's
 * second layer) and meet input values with zeros of {@code dY}: an infinite input there turns
 * the taps that read it NaN, as it would in any product with a zero.
 *
 * <p>Tasks are blocks of four filters and, when those are fewer than twice the threads (a first
 * layer), slices of the taps; no two tasks write the same gradient value.
 */
final class LayoutFilterGradient {
  /** Floats of laid-out images and {@code dY} runs made at once: 16 MiB, whatever the batch. */
  static final int CHUNK_FLOATS = 4 << 20;
  /** Floats of {@code dY} runs one sweep over the taps reuses: 24 KiB, half of a 48 KiB L1. */
  private static final int SWEEP_FLOATS = 6 * 1024;

  private final Kernels kernels;
  private final WorkerPool pool;
  private final Workspace.Pool workspaces;
  private final ConvGeometry g;
  private final PhaseLayout layout;
  private final int kg;
  private final int cg;
  private final int taps;
  private final int rows;
  private final int tapBlocks;
  private final int vectors;
  private final int runLength;
  private final int imageStride;
  private final int[] tapOffsets;
  private final int chunkFloats;

  /** @param chunkFloats about how many floats of scratch one chunk of images may take ({@link #CHUNK_FLOATS}) */
  LayoutFilterGradient(Kernels kernels, WorkerPool pool, Workspace.Pool workspaces, ConvGeometry g,
      PhaseLayout layout, int chunkFloats) {
    this.chunkFloats = chunkFloats;
    this.kernels = kernels;
    this.pool = pool;
    this.workspaces = workspaces;
    this.g = g;
    this.layout = layout;
    this.kg = g.k() / g.groups();
    this.cg = g.c() / g.groups();
    this.taps = cg * g.kh() * g.kw();
    this.rows = BlockedGemm.roundUp(kg, Kernels.DOT_ROWS);
    this.tapBlocks = (taps + Kernels.DOT_COLS - 1) / Kernels.DOT_COLS;
    this.vectors = (layout.positions() + kernels.lanes() - 1) / kernels.lanes();
    this.runLength = vectors * kernels.lanes();
    // Taps past the last read tap 0's run: valid, and their sums are dropped.
    this.tapOffsets = java.util.Arrays.copyOf(layout.tapOffsets(taps), tapBlocks * Kernels.DOT_COLS);
    int furthest = 0;
    for (int offset : tapOffsets) {
      furthest = Math.max(furthest, offset + runLength);
    }
    this.imageStride = Math.max(layout.size(), furthest);
  }

  void accumulate(float[] x, int xOff, float[] dy, int dyOff, float[] dw, int dwOff) {
    int perImage = imageStride + rows * runLength;
    int chunk = Math.clamp(chunkFloats / perImage, 1, g.n());
    int rowBlocks = rows / Kernels.DOT_ROWS;
    int tapParts = Math.clamp((2L * pool.threads() + rowBlocks - 1) / rowBlocks, 1, tapBlocks);
    int sweep = Math.clamp(SWEEP_FLOATS / (Kernels.DOT_ROWS * runLength), 1, chunk);
    Workspace shared = workspaces.borrow();
    try {
      float[] laidOut = shared.phases(chunk * imageStride);
      float[] runs = shared.columns(chunk * rows * runLength);
      for (int first = 0; first < g.n(); first += chunk) {
        int images = Math.min(chunk, g.n() - first);
        for (int group = 0; group < g.groups(); group++) {
          int firstImage = first;
          int groupNow = group;
          int parts = Math.min(images, pool.threads());
          pool.forEach(parts, part -> {
            float[] spread = new float[runLength]; // zeros: layDy writes only the real positions
            for (int image = images * part / parts; image < images * (part + 1) / parts; image++) {
              int at = image * imageStride;
              layout.build(kernels, x, xOff + ((firstImage + image) * g.c() + groupNow * cg) * g.h() * g.w(), laidOut,
                  at);
              kernels.fill(laidOut, at + layout.size(), imageStride - layout.size(), 0f);
              layDy(dy, dyOff, firstImage + image, groupNow, runs, image * rows * runLength, spread);
            }
          });
          pool.forEach(rowBlocks * tapParts, task -> {
            int rowBlock = task / tapParts;
            int part = task % tapParts;
            int from = BlockedGemm.splitPoint(tapBlocks, 1, part, tapParts);
            int to = BlockedGemm.splitPoint(tapBlocks, 1, part + 1, tapParts);
            if (from < to) {
              sumBlocks(laidOut, runs, images, sweep, rowBlock, from, to, dw, dwOff + groupNow * kg * taps);
            }
          });
        }
      }
    } finally {
      workspaces.giveBack(shared);
    }
  }

  /** Filters {@code 4*rowBlock...} against tap blocks {@code [from, to)} over every image of the chunk. */
  private void sumBlocks(float[] laidOut, float[] runs, int images, int sweep, int rowBlock, int from, int to,
      float[] dw, int dwOff) {
    int lanes = kernels.lanes();
    int block = Kernels.DOT_ROWS * Kernels.DOT_COLS * lanes;
    Workspace ws = workspaces.borrow();
    try {
      float[] acc = ws.product((to - from) * block);
      kernels.fill(acc, 0, (to - from) * block, 0f);
      for (int m0 = 0; m0 < images; m0 += sweep) {
        int count = Math.min(sweep, images - m0);
        int aOff = (m0 * rows + rowBlock * Kernels.DOT_ROWS) * runLength;
        for (int tb = from; tb < to; tb++) {
          kernels.dotTile(runs, aOff, rows * runLength, laidOut, m0 * imageStride, imageStride, tapOffsets,
              tb * Kernels.DOT_COLS, count, vectors, acc, (tb - from) * block);
        }
      }
      for (int tb = from; tb < to; tb++) {
        for (int i = 0; i < Kernels.DOT_ROWS; i++) {
          int f = rowBlock * Kernels.DOT_ROWS + i;
          for (int j = 0; j < Kernels.DOT_COLS; j++) {
            int t = tb * Kernels.DOT_COLS + j;
            if (f < kg && t < taps) {
              int lane0 = (tb - from) * block + (i * Kernels.DOT_COLS + j) * lanes;
              float sum = 0f;
              for (int l = 0; l < lanes; l++) {
                sum += acc[lane0 + l];
              }
              dw[dwOff + f * taps + t] += sum;
            }
          }
        }
      }
    } finally {
      workspaces.giveBack(ws);
    }
  }

  /**
   * One image's {@code dY} planes of one group as runs shaped like the layout's: output row
   * {@code oh} at {@code oh * rowLength}, zeros in the extra columns, the tail and the filter rows
   * that round {@code kg} up to whole blocks; each block's four runs interleaved vector by vector
   * as {@link Kernels#dotTile} reads them. A filter's run is first laid out in {@code spread},
   * whose extra columns and tail stay zero from call to call, then moved a whole vector at a time:
   * copying rows straight into the interleaved runs cut them into pieces at every vector edge,
   * and with the zero fill that took four fifths of LeNet's first-layer gradient.
   */
  private void layDy(float[] dy, int dyOff, int image, int group, float[] runs, int runsOff, float[] spread) {
    int positions = g.outH() * g.outW();
    int rowLength = layout.rowLength();
    int lanes = kernels.lanes();
    for (int f = 0; f < rows; f++) {
      int block = runsOff + f / Kernels.DOT_ROWS * Kernels.DOT_ROWS * runLength + f % Kernels.DOT_ROWS * lanes;
      if (f >= kg) {
        for (int v = 0; v < vectors; v++) {
          kernels.fill(runs, block + v * Kernels.DOT_ROWS * lanes, lanes, 0f);
        }
        continue;
      }
      int src = dyOff + (image * g.k() + group * kg + f) * positions;
      for (int oh = 0; oh < g.outH(); oh++) {
        kernels.copy(dy, src + oh * g.outW(), spread, oh * rowLength, g.outW());
      }
      for (int v = 0; v < vectors; v++) {
        kernels.copy(spread, v * lanes, runs, block + v * Kernels.DOT_ROWS * lanes, lanes);
      }
    }
  }
}
