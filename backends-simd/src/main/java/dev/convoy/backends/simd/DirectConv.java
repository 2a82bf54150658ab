package dev.convoy.backends.simd;

import dev.convoy.api.ConvGeometry;

/**
 * The forward convolution through direct tiles: the input values of a run of output positions are
 * broadcast against a block of filters, a tap row at a time for filters 3 or 5 taps wide ({@link
 * Kernels#directRowTile}, one vector of filters), else a tap at a time ({@link
 * Kernels#directConvTile}, {@link Kernels#tileCols()} filters). The input
 * is the same {@link PhaseLayout} the GEMM path reads, but a tile covers only real output
 * positions, so none of the layout's extra columns is computed (LeNet's 5x5 layer: 14 columns per
 * row instead of 16), and its accumulators hold the whole depth, so each output is written once.
 * The price is a transposition on the way out, since a tile's lanes are filters.
 */
final class DirectConv {
  /**
   * How much more multiply-adds the direct tiles may spend than the GEMM path and still be chosen:
   * in isolation the direct tile runs at ~80% of the FMA peak where the GEMM path runs at ~60%.
   */
  private static final double EFFICIENCY_RATIO = 1.25;
  /**
   * Fewest taps for the direct tiles: copying a tile out took about 8% of LeNet's 800-tap tiles
   * (some 60 taps' worth), so LeNet's first layer (25 taps) took 0.64 ms this way against 0.48
   * through the GEMM path.
   */
  private static final int MIN_TAPS = 128;
  /** Filter values from which packing is split across the pool. */
  private static final int PARALLEL_PACKING = 64 * 1024;

  private final Kernels kernels;
  private final ConvGeometry g;
  private final PhaseLayout layout;
  private final int kg;
  private final int taps;
  private final int cols;
  private final int positions;
  private final int blocks;
  /** Whether tiles go a tap row at a time ({@link Kernels#directRowTile}) rather than a tap at a time. */
  private final boolean byTapRows;

  DirectConv(Kernels kernels, ConvGeometry g, PhaseLayout layout) {
    this.kernels = kernels;
    this.g = g;
    this.layout = layout;
    this.kg = g.k() / g.groups();
    this.taps = taps(g);
    this.byTapRows = byTapRows(g);
    this.cols = filtersPerTile(kernels, g);
    this.positions = kernels.directPositions();
    this.blocks = (kg + cols - 1) / cols;
  }

  /** {@code w} packed as {@link #packFilters(float[], int, float[], WorkerPool)} does, into an array of its own. */
  float[] packFilters(float[] w, int wOff, WorkerPool pool) {
    return packFilters(w, wOff, new float[packedSize()], pool);
  }

  /**
   * Whether the direct tiles pay for {@code g}: the kernels have them, the layer has stride 1 and at
   * least {@link #MIN_TAPS} taps, and the filters padded to whole blocks and the rows to whole runs
   * cost less than the GEMM path's padded tiles over the layout's columns, allowing for the direct
   * tile's better use of the FMA units.
   */
  static boolean pays(Kernels kernels, ConvGeometry g, PhaseLayout layout) {
    // Strided layers keep the GEMM path: AlexNet conv1 (stride 4) took 6.6-7.1 ms instead of 5.9-6.3.
    int run = kernels.directPositions();
    if (run == 0 || !layout.pays() || g.strideH() != 1 || g.strideW() != 1 || taps(g) < MIN_TAPS) {
      return false;
    }
    int kg = g.k() / g.groups();
    double direct = (double) BlockedGemm.roundUp(kg, filtersPerTile(kernels, g)) * g.outH()
        * BlockedGemm.roundUp(g.outW(), run);
    double gemm = (double) BlockedGemm.roundUp(kg, BlockedGemm.tileRowsFor(kernels, kg))
        * BlockedGemm.roundUp(layout.positions(), kernels.tileCols());
    return direct <= EFFICIENCY_RATIO * gemm;
  }

  /** Whether {@code g}'s rows of taps suit {@link Kernels#directRowTile}: 3 or 5 taps one value apart. */
  private static boolean byTapRows(ConvGeometry g) {
    return (g.kw() == 3 || g.kw() == 5) && g.strideW() == 1 && g.dilationW() == 1;
  }

  private static int filtersPerTile(Kernels kernels, ConvGeometry g) {
    return byTapRows(g) ? kernels.rowTileFilters() : kernels.tileCols();
  }

  /** Taps per filter, {@code (c/groups)*kh*kw}: the depth a tile sums over. */
  private static int taps(ConvGeometry g) {
    return g.c() / g.groups() * g.kh() * g.kw();
  }

  /** Floats of the packed filter bank: per group and block, tap by tap, the block's filters side by side. */
  int packedSize() {
    return g.groups() * blocks * taps * cols;
  }

  /**
   * Packs {@code w} ({@code [k][c/groups][kh][kw]}) into {@code packed}, zeros for the filters past
   * the last, split by taps across the pool: packing the 3x3 256->256 layer's bank on one thread
   * took an eighth of the layer's time while the other thread waited. Returns {@code packed}.
   */
  float[] packFilters(float[] w, int wOff, float[] packed, WorkerPool pool) {
    int parts = taps * kg >= PARALLEL_PACKING ? pool.threads() : 1;
    pool.forEach(parts, part -> {
      int p0 = taps * part / parts;
      int p1 = taps * (part + 1) / parts;
      for (int group = 0; group < g.groups(); group++) {
        for (int block = 0; block < blocks; block++) {
          int to = (group * blocks + block) * taps * cols;
          int first = group * kg + block * cols;
          int filters = Math.min(cols, kg - block * cols);
          // Tap by tap, so the writes run on; each filter's row is its own read stream.
          for (int p = p0; p < p1; p++) {
            int at = to + p * cols;
            for (int f = 0; f < filters; f++) {
              packed[at + f] = w[wOff + (first + f) * taps + p];
            }
            for (int f = filters; f < cols; f++) {
              packed[at + f] = 0f;
            }
          }
        }
      }
    });
    return packed;
  }

  /**
   * Output rows {@code [rowFrom, rowTo)} of one image and group, with the bias; {@code phases} holds
   * the group's channels of the image in the layout, {@code tapOffsets} where each tap starts in it.
   * {@code epilogue} (null for none) goes over each filter's rows once the block has written them,
   * while they are still in cache.
   */
  void rows(float[] phases, int[] tapOffsets, float[] packed, float[] bias, int biasOff, float[] y, int yOff,
      int image, int group, int rowFrom, int rowTo, float[] product, OutputEpilogue epilogue) {
    int plane = g.outH() * g.outW();
    int out = yOff + (image * g.k() + group * kg) * plane;
    // Residual and ReLU ride along with the copy out of the tile; other activations take a pass per block.
    boolean inCopyOut = epilogue != null && epilogue.fitsCopyOut();
    for (int block = 0; block < blocks; block++) {
      int wOff = (group * blocks + block) * taps * cols;
      int filters = Math.min(cols, kg - block * cols);
      for (int oh = rowFrom; oh < rowTo; oh++) {
        for (int ow = 0; ow < g.outW(); ow += positions) {
          int xOff = oh * layout.rowLength() + ow;
          if (byTapRows) {
            kernels.directRowTile(g.kw(), taps / g.kw(), packed, wOff, phases, xOff, tapOffsets, 0, product, 0);
          } else {
            kernels.directConvTile(taps, packed, wOff, phases, xOff, tapOffsets, 0, product, 0);
          }
          int count = Math.min(positions, g.outW() - ow);
          int at = out + block * cols * plane + oh * g.outW() + ow;
          for (int f = 0; f < filters; f++) {
            float b = bias == null ? 0f : bias[biasOff + group * kg + block * cols + f];
            if (inCopyOut) {
              epilogue.copyOut(product, f, cols, y, at + f * plane, count, b);
            } else {
              kernels.copyColumnPlus(product, f, cols, y, at + f * plane, count, b);
            }
          }
        }
      }
      if (epilogue != null && !inCopyOut) {
        // One run per filter: a run per output row cost more in calls than the pass it saves.
        for (int f = 0; f < filters; f++) {
          epilogue.apply(y, out + (block * cols + f) * plane + rowFrom * g.outW(), (rowTo - rowFrom) * g.outW());
        }
      }
    }
  }
}
