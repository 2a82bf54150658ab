package dev.convoy.backends.simd;

import dev.convoy.api.ConvGeometry;

/**
 * A copy of one image's input laid out so that every row of its im2col matrix is one contiguous
 * run: the input is padded with zeros, then split by stride phase into {@code strideH x strideW}
 * sub-images (a stride-1 convolution has one: the padded image). Filter tap {@code (ch, i, j)}
 * reads sub-image {@code ((i*dilH) % strideH, (j*dilW) % strideW)} of channel {@code ch}, shifted
 * by {@code (i*dilH) / strideH} rows and {@code (j*dilW) / strideW} columns, so output position
 * {@code (oh, ow)} is at {@code oh * rowLength() + ow} from the tap's start.
 *
 * <p>The price is {@code rowLength() - outW} extra columns per output row, computed and thrown
 * away; in exchange the GEMM reads B in place instead of packing every receptive field (AlexNet
 * conv1: 57 columns for 55, 3.6% more work, no packing at all).
 * Stride-1 rows share their side padding (see {@link #sharesSidePadding}), which halves the extra
 * columns of a symmetric pad.
 */
final class PhaseLayout {
  /**
   * The share of extra columns above which another im2col is used instead: stride-1 convolutions
   * then copy input rows into an explicit im2col matrix, strided ones pack every receptive field
   * from the image. Measured on the 14x14 layer of the benchmark (then 16 columns for 14, +14%), the
   * layout still beats the explicit matrix by a third.
   */
  private static final double MAX_EXTRA = 0.5;

  private final ConvGeometry g;
  private final int channels;
  private final int subRows;
  private final int subCols;

  /** The layout of {@code channels} input channels (one group's) for geometry {@code g}. */
  PhaseLayout(ConvGeometry g, int channels) {
    this.g = g;
    this.channels = channels;
    this.subRows = ceilDiv(g.h() + g.padTop() + g.padBottom(), g.strideH());
    this.subCols = sharesSidePadding(g) ? g.w() + Math.max(g.padLeft(), g.padRight())
        : ceilDiv(g.w() + g.padLeft() + g.padRight(), g.strideW());
  }

  /**
   * Stride 1 across: one row's right padding and the next row's left padding can be the same zeros,
   * so a row needs {@code w + max(padLeft, padRight)} columns, not {@code w + padLeft + padRight}
   * (3x3 pad 1 on 14 wide: 15 columns for 14 outputs, not 16). A tap reading past its row's end
   * lands on the next row's leading zeros, or on the zero rows and slack after the last. Only
   * while every output still fits in a row, which padding wider than the kernel would break.
   */
  private static boolean sharesSidePadding(ConvGeometry g) {
    return g.strideW() == 1 && Math.min(g.padLeft(), g.padRight()) <= g.dilationW() * (g.kw() - 1);
  }

  /** Whether this layout's extra columns cost less than the plain packing's bookkeeping. */
  boolean pays() {
    return subCols - g.outW() <= MAX_EXTRA * g.outW();
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  /** GEMM columns per output row: the sub-image width; the first {@code outW} are real. */
  int rowLength() {
    return subCols;
  }

  /** GEMM columns in all: {@code outH * rowLength()}. */
  int positions() {
    return g.outH() * subCols;
  }

  private int subSize() {
    return subRows * subCols;
  }

  /** Floats the layout needs, with slack so the extra columns of the last rows can be read. */
  int size() {
    return g.strideH() * g.strideW() * channels * subSize() + 2 * subCols + 64;
  }

  /** Where tap row {@code t} ({@code (ch*kh + i)*kw + j}) starts. */
  int tapOffset(int t) {
    int taps = g.kh() * g.kw();
    int ch = t / taps;
    int i = t % taps / g.kw();
    int j = t % g.kw();
    int dy = i * g.dilationH();
    int dx = j * g.dilationW();
    int phase = dy % g.strideH() * g.strideW() + dx % g.strideW();
    return (phase * channels + ch) * subSize() + dy / g.strideH() * subCols + dx / g.strideW();
  }

  /** Fills {@code dst} from the {@code channels} input planes starting at {@code xOff}. */
  void build(Kernels kernels, float[] x, int xOff, float[] dst) {
    build(kernels, x, xOff, dst, 0);
  }

  /** Fills {@code size()} floats of {@code dst} from {@code dstOff} on, as the method above does from 0. */
  void build(Kernels kernels, float[] x, int xOff, float[] dst, int dstOff) {
    kernels.fill(dst, dstOff, size(), 0f);
    int plane = g.h() * g.w();
    int sh = g.strideH();
    int sw = g.strideW();
    for (int ch = 0; ch < channels; ch++) {
      for (int ih = 0; ih < g.h(); ih++) {
        int row = ih + g.padTop();
        int src = xOff + ch * plane + ih * g.w();
        int rowStart = dstOff + ((row % sh * sw) * channels + ch) * subSize() + row / sh * subCols;
        if (sw == 1) {
          kernels.copy(x, src, dst, rowStart + g.padLeft(), g.w());
        } else {
          // Values from the first whose padded column is a multiple of the stride go by whole
          // phase-cycles; the few before it one at a time.
          int phaseStride = channels * subSize();
          int first = Math.min(g.w(), (sw - g.padLeft() % sw) % sw);
          for (int iw = 0; iw < first; iw++) {
            int col = iw + g.padLeft();
            dst[rowStart + col % sw * phaseStride + col / sw] = x[src + iw];
          }
          kernels.deinterleave(x, src + first, sw, dst, rowStart + (first + g.padLeft()) / sw, phaseStride,
              g.w() - first);
        }
      }
    }
  }

  /** Tap starts for all {@code taps} rows: where {@link Kernels#convTile} reads each row of B. */
  int[] tapOffsets(int taps) {
    int[] offsets = new int[taps];
    for (int t = 0; t < taps; t++) {
      offsets[t] = tapOffset(t);
    }
    return offsets;
  }
}
