package dev.convoy.backends.reference;

import dev.convoy.api.support.ArrayVolume;
import dev.convoy.api.support.ChannelLayout;

/**
 * Local response normalization across channels as in AlexNet and PyTorch's {@code LocalResponseNorm}:
 * {@code y_c = x_c / (k + alpha/size * sum_{c' in window(c)} x_c'^2)^beta}, where {@code window(c)}
 * is channels {@code c - size/2 .. c + (size-1)/2} (integer division) clipped to the volume. For an
 * odd size that is ONNX's window too; for an even one ONNX puts the extra channel after {@code c}.
 * Sums and powers run in double.
 */
final class ReferenceLrn {
  private ReferenceLrn() {}

  /** The forward pass; overwrites {@code y}, which may be {@code x}. */
  static void forward(ChannelLayout l, ArrayVolume x, int size, float alpha, float beta, float k, ArrayVolume y) {
    float[] v = x.array();
    float[] out = y.array();
    int xo = x.offset();
    int yo = y.offset();
    // One (item, position) column at a time, buffered: every output reads its neighbours' inputs.
    float[] column = new float[l.channels()];
    for (int n = 0; n < l.items(); n++) {
      for (int p = 0; p < l.inner(); p++) {
        for (int c = 0; c < l.channels(); c++) {
          double scale = scale(v, xo, l, n, p, c, size, alpha, k);
          column[c] = (float) (v[xo + l.index(n, c, p)] * Math.pow(scale, -beta));
        }
        for (int c = 0; c < l.channels(); c++) {
          out[yo + l.index(n, c, p)] = column[c];
        }
      }
    }
  }

  /**
   * The input gradient; overwrites {@code dx}:
   * {@code dx_j = dy_j * s_j^-beta - 2*alpha*beta/size * x_j * sum_{i : j in window(i)} dy_i * x_i * s_i^(-beta-1)}
   * with {@code s_i} the forward's denominator base.
   */
  static void backward(ChannelLayout l, ArrayVolume x, ArrayVolume dy, int size, float alpha, float beta, float k,
      ArrayVolume dx) {
    float[] v = x.array();
    float[] d = dy.array();
    float[] out = dx.array();
    int xo = x.offset();
    int dyo = dy.offset();
    int dxo = dx.offset();
    double[] scales = new double[l.channels()];
    double[] weighted = new double[l.channels()];
    for (int n = 0; n < l.items(); n++) {
      for (int p = 0; p < l.inner(); p++) {
        // Everything the column's outputs share is read first, so dx may be x or dy.
        for (int c = 0; c < l.channels(); c++) {
          int at = l.index(n, c, p);
          scales[c] = scale(v, xo, l, n, p, c, size, alpha, k);
          weighted[c] = d[dyo + at] * v[xo + at] * Math.pow(scales[c], -beta - 1);
        }
        for (int j = 0; j < l.channels(); j++) {
          // channel i's window holds j when i - size/2 <= j <= i + (size-1)/2
          double sum = 0;
          for (int i = Math.max(0, j - (size - 1) / 2); i <= Math.min(l.channels() - 1, j + size / 2); i++) {
            sum += weighted[i];
          }
          int at = l.index(n, j, p);
          out[dxo + at] = (float) (d[dyo + at] * Math.pow(scales[j], -beta) - 2.0 * alpha * beta / size * v[xo + at] * sum);
        }
      }
    }
  }

  /** {@code k + alpha/size * sum of squares} over channel {@code c}'s window at (item, position). */
  private static double scale(float[] v, int offset, ChannelLayout l, int n, int p, int c, int size, float alpha,
      float k) {
    double squares = 0;
    for (int i = Math.max(0, c - size / 2); i <= Math.min(l.channels() - 1, c + (size - 1) / 2); i++) {
      double x = v[offset + l.index(n, i, p)];
      squares += x * x;
    }
    return k + (double) alpha / size * squares;
  }
}
