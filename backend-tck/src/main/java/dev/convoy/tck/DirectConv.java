package dev.convoy.tck;

import dev.convoy.api.ConvGeometry;

/**
 * Convolution straight from its definition, in double, with no im2col: for every output value,
 * the sum over the filter's input channels and taps of {@code w * x} at the dilated, strided,
 * padded position. Independent of how any backend computes it, so it checks the reference too.
 */
public final class DirectConv {
  private DirectConv() {}

  /** {@code y[n, f, oh, ow] = b[f] + sum_{ch, i, j} w[f, ch, i, j] * x[n, group(f)*cg + ch, ih, iw]}. */
  public static double[] forward(ConvGeometry g, float[] x, float[] w, float[] bias) {
    int cg = g.c() / g.groups();
    int kg = g.k() / g.groups();
    double[] y = new double[g.n() * g.k() * g.outH() * g.outW()];
    for (int n = 0; n < g.n(); n++) {
      for (int f = 0; f < g.k(); f++) {
        int firstChannel = (f / kg) * cg;
        for (int oh = 0; oh < g.outH(); oh++) {
          for (int ow = 0; ow < g.outW(); ow++) {
            double sum = bias == null ? 0 : bias[f];
            for (int ch = 0; ch < cg; ch++) {
              for (int i = 0; i < g.kh(); i++) {
                for (int j = 0; j < g.kw(); j++) {
                  int ih = oh * g.strideH() - g.padTop() + i * g.dilationH();
                  int iw = ow * g.strideW() - g.padLeft() + j * g.dilationW();
                  if (ih < 0 || ih >= g.h() || iw < 0 || iw >= g.w()) {
                    continue; // zero padding
                  }
                  double xv = x[((n * g.c() + firstChannel + ch) * g.h() + ih) * g.w() + iw];
                  double wv = w[((f * cg + ch) * g.kh() + i) * g.kw() + j];
                  sum += xv * wv;
                }
              }
            }
            y[((n * g.k() + f) * g.outH() + oh) * g.outW() + ow] = sum;
          }
        }
      }
    }
    return y;
  }

  /** Column {@code oh*outW + ow}, row {@code (ch*kh + i)*kw + j} of image {@code image}'s im2col matrix, by definition. */
  public static double[] im2col(ConvGeometry g, float[] x, int image) {
    double[] col = new double[g.colRows() * g.colCols()];
    for (int ch = 0; ch < g.c(); ch++) {
      for (int i = 0; i < g.kh(); i++) {
        for (int j = 0; j < g.kw(); j++) {
          for (int oh = 0; oh < g.outH(); oh++) {
            for (int ow = 0; ow < g.outW(); ow++) {
              int ih = oh * g.strideH() - g.padTop() + i * g.dilationH();
              int iw = ow * g.strideW() - g.padLeft() + j * g.dilationW();
              boolean inside = ih >= 0 && ih < g.h() && iw >= 0 && iw < g.w();
              int row = (ch * g.kh() + i) * g.kw() + j;
              col[row * g.colCols() + oh * g.outW() + ow] =
                  inside ? x[((image * g.c() + ch) * g.h() + ih) * g.w() + iw] : 0;
            }
          }
        }
      }
    }
    return col;
  }
}
