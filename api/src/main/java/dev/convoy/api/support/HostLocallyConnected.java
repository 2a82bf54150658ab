package dev.convoy.api.support;

import dev.convoy.api.ConvGeometry;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;

/**
 * The default, host-side locally-connected kernels of {@link dev.convoy.api.Backend}: a convolution
 * without parameter sharing, so every output position {@code p = oh*outW + ow} has its own K
 * filters. Weights are {@code [outH*outW, K, C*kh*kw]}, a filter's taps in im2col row order
 * {@code (ch*kh + i)*kw + j}; geometry as {@link ConvGeometry} with one group.
 */
public final class HostLocallyConnected {
  private HostLocallyConnected() {}

  /** The weight shape for {@code g}: {@code [outH*outW, K, C*kh*kw]}. */
  public static Shape weightShape(ConvGeometry g) {
    return Shape.of(g.outH() * g.outW(), g.k(), g.colRows());
  }

  /** {@code y[n, k, p] = sum_r w[p, k, r] * x at tap r of position p}; overwrites {@code y}. */
  public static void forward(Volume x, Volume w, Volume y, ConvGeometry g) {
    float[] in = read(x, g.inputShape(), "locallyConnectedForward x", g);
    float[] wv = read(w, weightShape(g), "locallyConnectedForward w", g);
    HostArrays.requireSize(y, g.outputShape().size(), "locallyConnectedForward y");
    float[] out = new float[(int) g.outputShape().size()];
    Taps taps = new Taps(g);
    int positions = g.outH() * g.outW();
    for (int n = 0; n < g.n(); n++) {
      for (int p = 0; p < positions; p++) {
        for (int k = 0; k < g.k(); k++) {
          double sum = 0;
          int row = (p * g.k() + k) * g.colRows();
          for (int r = 0; r < g.colRows(); r++) {
            int at = taps.input(n, p, r);
            if (at >= 0) {
              sum += (double) wv[row + r] * in[at];
            }
          }
          out[(n * g.k() + k) * positions + p] = (float) sum;
        }
      }
    }
    y.write(out);
  }

  /** {@code dx} at tap r of position p receives {@code sum_k w[p, k, r] * dy[n, k, p]}; overwrites {@code dx}. */
  public static void backwardData(Volume dy, Volume w, Volume dx, ConvGeometry g) {
    float[] d = read(dy, g.outputShape(), "locallyConnectedBackwardData dy", g);
    float[] wv = read(w, weightShape(g), "locallyConnectedBackwardData w", g);
    HostArrays.requireSize(dx, g.inputShape().size(), "locallyConnectedBackwardData dx");
    double[] out = new double[(int) g.inputShape().size()];
    Taps taps = new Taps(g);
    int positions = g.outH() * g.outW();
    for (int n = 0; n < g.n(); n++) {
      for (int p = 0; p < positions; p++) {
        for (int k = 0; k < g.k(); k++) {
          double grad = d[(n * g.k() + k) * positions + p];
          int row = (p * g.k() + k) * g.colRows();
          for (int r = 0; r < g.colRows(); r++) {
            int at = taps.input(n, p, r);
            if (at >= 0) {
              out[at] += wv[row + r] * grad;
            }
          }
        }
      }
    }
    float[] result = new float[out.length];
    for (int i = 0; i < out.length; i++) {
      result[i] = (float) out[i];
    }
    dx.write(result);
  }

  /** {@code dw[p, k, r] += sum_n dy[n, k, p] * x at tap r of position p}. */
  public static void accumulateWeightGradient(Volume x, Volume dy, Volume dw, ConvGeometry g) {
    float[] in = read(x, g.inputShape(), "locallyConnectedAccumulateWeightGradient x", g);
    float[] d = read(dy, g.outputShape(), "locallyConnectedAccumulateWeightGradient dy", g);
    float[] grad = read(dw, weightShape(g), "locallyConnectedAccumulateWeightGradient dw", g);
    Taps taps = new Taps(g);
    int positions = g.outH() * g.outW();
    for (int p = 0; p < positions; p++) {
      for (int k = 0; k < g.k(); k++) {
        int row = (p * g.k() + k) * g.colRows();
        for (int r = 0; r < g.colRows(); r++) {
          double sum = 0;
          for (int n = 0; n < g.n(); n++) {
            int at = taps.input(n, p, r);
            if (at >= 0) {
              sum += (double) d[(n * g.k() + k) * positions + p] * in[at];
            }
          }
          grad[row + r] = (float) (grad[row + r] + sum);
        }
      }
    }
    dw.write(grad);
  }

  private static float[] read(Volume v, Shape expected, String role, ConvGeometry g) {
    if (g.groups() != 1) {
      throw new ShapeException(role + ": a locally-connected layer has one group, not " + g.groups());
    }
    if (v == null || !v.shape().equals(expected)) {
      throw new ShapeException(role + " has shape " + (v == null ? "null" : v.shape()) + " but " + expected
          + " is needed");
    }
    return v.toArray();
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
