package dev.convoy.api.support;

import dev.convoy.api.Volume;

/**
 * The default, host-side local response normalization kernels of {@link dev.convoy.api.Backend},
 * across channels as in AlexNet and PyTorch's {@code LocalResponseNorm}:
 * {@code y_c = x_c / (k + alpha/size * sum_{c' in window(c)} x_c'^2)^beta}, where {@code window(c)}
 * is channels {@code c - size/2 .. c + (size-1)/2} (integer division) clipped to the volume. For an
 * odd size that is ONNX's window too; for an even one ONNX puts the extra channel after {@code c}.
 */
public final class HostLrn {
  private HostLrn() {}

  /** The forward pass; overwrites {@code y}. */
  public static void forward(Volume x, int size, float alpha, float beta, float k, Volume y) {
    ChannelLayout l = ChannelLayout.of(x.shape(), "lrnForward x");
    float[] v = x.toArray();
    HostArrays.requireSize(y, v.length, "lrnForward y");
    float[] out = new float[v.length];
    for (int n = 0; n < l.items(); n++) {
      for (int p = 0; p < l.inner(); p++) {
        for (int c = 0; c < l.channels(); c++) {
          double scale = scale(v, l, n, p, c, size, alpha, k);
          out[l.index(n, c, p)] = (float) (v[l.index(n, c, p)] * Math.pow(scale, -beta));
        }
      }
    }
    y.write(out);
  }

  /**
   * The input gradient; overwrites {@code dx}:
   * {@code dx_j = dy_j * s_j^-beta - 2*alpha*beta/size * x_j * sum_{i : j in window(i)} dy_i * x_i * s_i^(-beta-1)}
   * with {@code s_i} the forward's denominator base.
   */
  public static void backward(Volume x, Volume dy, int size, float alpha, float beta, float k, Volume dx) {
    ChannelLayout l = ChannelLayout.of(x.shape(), "lrnBackward x");
    float[] v = x.toArray();
    float[] d = HostArrays.read(dy, v.length, "lrnBackward dy");
    HostArrays.requireSize(dx, v.length, "lrnBackward dx");
    float[] out = new float[v.length];
    double[] scales = new double[l.channels()];
    double[] weighted = new double[l.channels()];
    for (int n = 0; n < l.items(); n++) {
      for (int p = 0; p < l.inner(); p++) {
        for (int c = 0; c < l.channels(); c++) {
          scales[c] = scale(v, l, n, p, c, size, alpha, k);
          weighted[c] = d[l.index(n, c, p)] * v[l.index(n, c, p)] * Math.pow(scales[c], -beta - 1);
        }
        for (int j = 0; j < l.channels(); j++) {
          // channel i's window holds j when i - size/2 <= j <= i + (size-1)/2
          double sum = 0;
          for (int i = Math.max(0, j - (size - 1) / 2); i <= Math.min(l.channels() - 1, j + size / 2); i++) {
            sum += weighted[i];
          }
          int at = l.index(n, j, p);
          out[at] = (float) (d[at] * Math.pow(scales[j], -beta) - 2.0 * alpha * beta / size * v[at] * sum);
        }
      }
    }
    dx.write(out);
  }

  /** {@code k + alpha/size * sum of squares} over channel {@code c}'s window at (item, position). */
  private static double scale(float[] v, ChannelLayout l, int n, int p, int c, int size, float alpha, float k) {
    double squares = 0;
    for (int i = Math.max(0, c - size / 2); i <= Math.min(l.channels() - 1, c + (size - 1) / 2); i++) {
      double x = v[l.index(n, i, p)];
      squares += x * x;
    }
    return k + (double) alpha / size * squares;
  }
}
