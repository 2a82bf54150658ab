package dev.convoy.backends.simd;

import dev.convoy.api.ConvGeometry;

/**
 * The adjoint of the notes' im2col on a whole matrix: row {@code (ch*kh + i)*kw + j} of the
 * {@code [c*kh*kw, outH*outW]} matrix holds filter tap {@code (i, j)} of channel {@code ch}, column
 * {@code oh*outW + ow} output position {@code (oh, ow)}; col2im adds each row back into the image
 * along the contiguous runs {@link Im2colPanels} reads them from.
 */
final class SimdIm2col {
  private SimdIm2col() {}

  /**
   * Adds rows {@code [0, channels*kh*kw)} of {@code col} into the channels of {@code dx} starting at
   * {@code channelsOff}. Rows of one channel only touch that channel, so callers may split by channel.
   */
  static void col2im(Kernels kernels, float[] col, int colOff, ConvGeometry g, int channels, float[] dx,
      int channelsOff) {
    int plane = g.h() * g.w();
    int positions = g.colCols();
    int taps = g.kh() * g.kw();
    for (int ch = 0; ch < channels; ch++) {
      for (int tap = 0; tap < taps; tap++) {
        int i = tap / g.kw();
        int j = tap % g.kw();
        int row = colOff + (ch * taps + tap) * positions;
        int shift = j * g.dilationW() - g.padLeft();
        for (int oh = 0; oh < g.outH(); oh++) {
          int ih = oh * g.strideH() - g.padTop() + i * g.dilationH();
          if (ih < 0 || ih >= g.h()) {
            continue;
          }
          int src = row + oh * g.outW();
          int dst = channelsOff + ch * plane + ih * g.w();
          if (g.strideW() == 1) {
            int lo = Math.clamp(-shift, 0, g.outW());
            int hi = Math.clamp(g.w() - shift, lo, g.outW());
            if (hi > lo) {
              kernels.addInto(col, src + lo, dx, dst + lo + shift, hi - lo);
            }
          } else {
            for (int ow = 0; ow < g.outW(); ow++) {
              int iw = ow * g.strideW() + shift;
              if (iw >= 0 && iw < g.w()) {
                dx[dst + iw] += col[src + ow];
              }
            }
          }
        }
      }
    }
  }
}
