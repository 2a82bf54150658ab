package dev.convoy.backends.reference;

import dev.convoy.api.ConvGeometry;
import dev.convoy.api.support.ArrayVolume;

/**
 * A convolution without parameter sharing, written out directly: every output position {@code p =
 * oh*outW + ow} has its own K filters. Weights are {@code [outH*outW, K, C*kh*kw]}, a filter's taps
 * in im2col row order {@code (ch*kh + i)*kw + j}; geometry as {@link ConvGeometry} with one group.
 * Sums run in double.
 */
final class ReferenceLocallyConnected {
  private ReferenceLocallyConnected() {}

  /** {@code y[n, k, p] = sum_r w[p, k, r] * x at tap r of position p}; overwrites {@code y}. */
  static void forward(ConvGeometry g, ArrayVolume x, ArrayVolume w, ArrayVolume y) {
    float[] in = x.array();
    float[] wv = w.array();
    float[] out = y.array();
    Taps taps = new Taps(g);
    int positions = g.outH() * g.outW();
    for (int n = 0; n < g.n(); n++) {
      for (int p = 0; p < positions; p++) {
        for (int k = 0; k < g.k(); k++) {
          double sum = 0;
          int row = w.offset() + (p * g.k() + k) * g.colRows();
          for (int r = 0; r < g.colRows(); r++) {
            int at = taps.input(n, p, r);
            if (at >= 0) {
              sum += (double) wv[row + r] * in[x.offset() + at];
            }
          }
          out[y.offset() + (n * g.k() + k) * positions + p] = (float) sum;
        }
      }
    }
  }

  /** {@code dx} at tap r of position p receives {@code sum_k w[p, k, r] * dy[n, k, p]}; overwrites {@code dx}. */
  static void backwardData(ConvGeometry g, ArrayVolume dy, ArrayVolume w, ArrayVolume dx) {
    float[] d = dy.array();
    float[] wv = w.array();
    // Every input value gathers from many positions and filters: sum them in double, round once.
    double[] sums = new double[dx.size()];
    Taps taps = new Taps(g);
    int positions = g.outH() * g.outW();
    for (int n = 0; n < g.n(); n++) {
      for (int p = 0; p < positions; p++) {
        for (int k = 0; k < g.k(); k++) {
          double grad = d[dy.offset() + (n * g.k() + k) * positions + p];
          int row = w.offset() + (p * g.k() + k) * g.colRows();
          for (int r = 0; r < g.colRows(); r++) {
            int at = taps.input(n, p, r);
            if (at >= 0) {
              sums[at] += wv[row + r] * grad;
            }
          }
        }
      }
    }
    float[] out = dx.array();
    for (int i = 0; i < sums.length; i++) {
      out[dx.offset() + i] = (float) sums[i];
    }
  }

  /** {@code dw[p, k, r] += sum_n dy[n, k, p] * x at tap r of position p}. */
  static void accumulateWeightGradient(ConvGeometry g, ArrayVolume x, ArrayVolume dy, ArrayVolume dw) {
    float[] in = x.array();
    float[] d = dy.array();
    float[] grad = dw.array();
    Taps taps = new Taps(g);
    int positions = g.outH() * g.outW();
    for (int p = 0; p < positions; p++) {
      for (int k = 0; k < g.k(); k++) {
        int row = dw.offset() + (p * g.k() + k) * g.colRows();
        for (int r = 0; r < g.colRows(); r++) {
          double sum = 0;
          for (int n = 0; n < g.n(); n++) {
            int at = taps.input(n, p, r);
            if (at >= 0) {
              sum += (double) d[dy.offset() + (n * g.k() + k) * positions + p] * in[x.offset() + at];
            }
          }
          grad[row + r] = (float) (grad[row + r] + sum);
        }
      }
    }
  }

  /** Where tap {@code r} of output position {@code p} reads the input: a flat index, or -1 in the padding. */
  private record Taps(ConvGeometry g) {
    int input(int n, int p, int r) {
      int oh = p / g.outW();
      int ow = p % g.outW();
      int ch = r / (g.kh() * g.kw());
      int i = r / g.kw() % g.kh();
      int j = r % g.kw();
      int ih = oh * g.strideH() - g.padTop() + i * g.dilationH();
      int iw = ow * g.strideW() - g.padLeft() + j * g.dilationW();
      if (ih < 0 || ih >= g.h() || iw < 0 || iw >= g.w()) {
        return -1;
      }
      return ((n * g.c() + ch) * g.h() + ih) * g.w() + iw;
    }
  }
}
