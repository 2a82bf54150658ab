package dev.convoy.tck;

import dev.convoy.api.ConvGeometry;
import dev.convoy.api.Shape;

/**
 * The locally-connected layer (CONV without parameter sharing) from its definition, in double:
 * {@code y[n, k, oh, ow] = sum_{ch, i, j} w[oh*outW + ow, k, (ch*kh + i)*kw + j] * x[n, ch, ih, iw]}
 * at the dilated, strided, padded position, zero in the padding.
 */
public final class DirectLocallyConnected {
  private DirectLocallyConnected() {}

  /** {@code [outH*outW, K, C*kh*kw]}. */
  public static Shape weightShape(ConvGeometry g) {
    return Shape.of(g.outH() * g.outW(), g.k(), g.c() * g.kh() * g.kw());
  }

  public static double[] forward(ConvGeometry g, float[] x, float[] w) {
    double[] y = new double[(int) g.outputShape().size()];
    int taps = g.c() * g.kh() * g.kw();
    for (int n = 0; n < g.n(); n++) {
      for (int f = 0; f < g.k(); f++) {
        for (int oh = 0; oh < g.outH(); oh++) {
          for (int ow = 0; ow < g.outW(); ow++) {
            int position = oh * g.outW() + ow;
            double sum = 0;
            for (int ch = 0; ch < g.c(); ch++) {
              for (int i = 0; i < g.kh(); i++) {
                for (int j = 0; j < g.kw(); j++) {
                  int ih = oh * g.strideH() - g.padTop() + i * g.dilationH();
                  int iw = ow * g.strideW() - g.padLeft() + j * g.dilationW();
                  if (ih >= 0 && ih < g.h() && iw >= 0 && iw < g.w()) {
                    sum += (double) x[((n * g.c() + ch) * g.h() + ih) * g.w() + iw]
                        * w[(position * g.k() + f) * taps + (ch * g.kh() + i) * g.kw() + j];
                  }
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
}
