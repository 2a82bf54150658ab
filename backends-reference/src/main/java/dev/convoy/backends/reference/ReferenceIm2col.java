package dev.convoy.backends.reference;

import dev.convoy.api.ConvGeometry;

/**
 * The notes' im2col: every receptive field of one image becomes a column of a
 * {@code [c*kh*kw, outH*outW]} matrix, so a convolution is one matrix product. Row
 * {@code (ch*kh + i)*kw + j} holds filter tap {@code (i, j)} of channel {@code ch}; column
 * {@code oh*outW + ow} is output position {@code (oh, ow)}. Padding reads as zero; col2im is the
 * exact adjoint and adds instead of reading.
 */
final class ReferenceIm2col {
  private ReferenceIm2col() {}

  /** Fills {@code col} (at {@code colOff}) from image {@code image} of {@code x} (at {@code xOff}). */
  static void im2col(float[] x, int xOff, int image, ConvGeometry g, float[] col, int colOff) {
    int plane = g.h() * g.w();
    int imageStart = xOff + image * g.c() * plane;
    int cols = g.colCols();
    for (int ch = 0; ch < g.c(); ch++) {
      for (int i = 0; i < g.kh(); i++) {
        for (int j = 0; j < g.kw(); j++) {
          int row = (ch * g.kh() + i) * g.kw() + j;
          for (int oh = 0; oh < g.outH(); oh++) {
            int ih = inputRow(g, oh, i);
            for (int ow = 0; ow < g.outW(); ow++) {
              int iw = inputCol(g, ow, j);
              boolean inside = ih >= 0 && ih < g.h() && iw >= 0 && iw < g.w();
              col[colOff + row * cols + oh * g.outW() + ow] =
                  inside ? x[imageStart + ch * plane + ih * g.w() + iw] : 0f;
            }
          }
        }
      }
    }
  }

  /** Adds every column of {@code col} back into the receptive field it came from in image {@code image} of {@code dx}. */
  static void col2im(float[] col, int colOff, ConvGeometry g, float[] dx, int dxOff, int image) {
    int plane = g.h() * g.w();
    int imageStart = dxOff + image * g.c() * plane;
    int cols = g.colCols();
    for (int ch = 0; ch < g.c(); ch++) {
      for (int i = 0; i < g.kh(); i++) {
        for (int j = 0; j < g.kw(); j++) {
          int row = (ch * g.kh() + i) * g.kw() + j;
          for (int oh = 0; oh < g.outH(); oh++) {
            int ih = inputRow(g, oh, i);
            for (int ow = 0; ow < g.outW(); ow++) {
              int iw = inputCol(g, ow, j);
              if (ih >= 0 && ih < g.h() && iw >= 0 && iw < g.w()) {
                dx[imageStart + ch * plane + ih * g.w() + iw] += col[colOff + row * cols + oh * g.outW() + ow];
              }
            }
          }
        }
      }
    }
  }

  /** The input row that filter tap row {@code i} reads for output row {@code oh} (may lie in the padding). */
  static int inputRow(ConvGeometry g, int oh, int i) {
    return oh * g.strideH() - g.padTop() + i * g.dilationH();
  }

  /** The input column that filter tap column {@code j} reads for output column {@code ow}. */
  static int inputCol(ConvGeometry g, int ow, int j) {
    return ow * g.strideW() - g.padLeft() + j * g.dilationW();
  }
}
