package dev.convoy.backends.simd;

import dev.convoy.api.PoolGeometry;

/**
 * The second step of max pooling without switches: each window's maximum along the row its input
 * rows were combined into, by whole-vector maxima instead of a scalar loop per window. The row is
 * copied between -infinity padding (which no maximum takes) and, for a strided pool, split by
 * column phase, so tap {@code j} of every window is one contiguous run: the windows' maxima are
 * the first tap's run then a running maximum with each further tap's. On resnet18's 3x3 stride-2
 * pool of 64 x 112 x 112 at batch 1 the scalar loop took most of the layer's 1.4 ms.
 */
final class RowWindowMax {
  private final Kernels kernels;

  RowWindowMax(Kernels kernels) {
    this.kernels = kernels;
  }

  /** Whether every window of a row holds at least one real column, as the padding must never win. */
  static boolean fits(PoolGeometry g) {
    return g.padLeft() < g.kw() && (g.outW() - 1) * g.strideW() - g.padLeft() < g.w();
  }

  /** Columns of the padded row: the left padding, the row, and -infinity as far as the last window reads. */
  private static int paddedWidth(PoolGeometry g) {
    return Math.max(g.padLeft() + g.w(), (g.outW() - 1) * g.strideW() + g.kw());
  }

  /** {@code y[at + ow]} = the maximum of {@code row} over window {@code ow}, for every window of the row. */
  void apply(PoolGeometry g, float[] row, float[] y, int at, Workspace ws) {
    int width = paddedWidth(g);
    int stride = g.strideW();
    float[] padded = ws.columns(width);
    kernels.fill(padded, 0, width, Float.NEGATIVE_INFINITY);
    kernels.copy(row, 0, padded, g.padLeft(), g.w());
    float[] source = padded;
    int phaseCols = (width + stride - 1) / stride;
    if (stride > 1) {
      source = ws.phases(stride * phaseCols);
      kernels.deinterleave(padded, 0, stride, source, 0, phaseCols, width);
    }
    kernels.copy(source, 0, y, at, g.outW());
    for (int tap = 1; tap < g.kw(); tap++) {
      // Window ow's tap reads padded column ow * stride + tap: phase tap % stride, index ow + tap / stride.
      kernels.maxInto(source, tap % stride * phaseCols + tap / stride, y, at, g.outW());
    }
  }
}
