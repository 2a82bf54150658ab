package dev.convoy.backends.simd;

import dev.convoy.api.Volume;
import dev.convoy.api.support.ArrayVolume;
import dev.convoy.api.support.ChannelLayout;

/**
 * Local response normalization for {@link SimdNormalization}, across channels: {@code y_c = x_c /
 * s_c^beta} with {@code s_c = k + alpha/size * sum_{c' = c - size/2}^{c + (size-1)/2} x_c'^2}, the
 * window clipped to the channels. Every value is computed as the reference backend computes it (in
 * double, the window summed upwards), so results match it bit for bit; only the loop order differs:
 * a block of positions at a time, channel by channel, so that each pass reads contiguous runs
 * instead of striding across channels. Blocks of (item, positions) are independent tasks.
 */
final class SimdLrn {
  /** Positions per block: a block's scratch, channels x positions doubles, stays in L2. */
  private static final int BLOCK = 64;

  private final OwnVolumes volumes;
  private final SimdElementwise elementwise;

  SimdLrn(OwnVolumes volumes, SimdElementwise elementwise) {
    this.volumes = volumes;
    this.elementwise = elementwise;
  }

  /** The window of channel {@code c}: its first channel. */
  private static int windowStart(int c, int size) {
    return Math.max(0, c - size / 2);
  }

  /** The window of channel {@code c}: its last channel. */
  private static int windowEnd(int c, int size, int channels) {
    return Math.min(channels - 1, c + (size - 1) / 2);
  }

  /**
   * {@code s} for the positions {@code [p0, p0 + width)} of item {@code n}, into {@code scales[c *
   * BLOCK + q]}: {@code k + alpha/size * sum of squares} over each channel's window.
   */
  private static void scales(float[] v, int off, ChannelLayout l, int n, int p0, int width, int size, float alpha,
      float k, double[] scales) {
    for (int c = 0; c < l.channels(); c++) {
      int last = windowEnd(c, size, l.channels());
      for (int q = 0; q < width; q++) {
        double squares = 0;
        for (int i = windowStart(c, size); i <= last; i++) {
          double x = v[off + l.index(n, i, p0 + q)];
          squares += x * x;
        }
        scales[c * BLOCK + q] = k + (double) alpha / size * squares;
      }
    }
  }

  /** Overwrites {@code y}, which may be {@code x}: a block's outputs are written once its inputs are all read. */
  void forward(Volume x, int size, float alpha, float beta, float k, Volume y) {
    ArrayVolume in = volumes.own(x, "lrnForward x");
    ChannelLayout l = ChannelLayout.of(in.shape(), "lrnForward x");
    ArrayVolume out = volumes.own(y, in.size(), "lrnForward y");
    float[] v = in.array();
    float[] o = out.array();
    int blocks = (l.inner() + BLOCK - 1) / BLOCK;
    elementwise.forUnits(l.items() * blocks, (long) l.channels() * BLOCK, (first, end) -> {
      double[] scales = new double[l.channels() * BLOCK];
      for (int unit = first; unit < end; unit++) {
        int n = unit / blocks;
        int p0 = unit % blocks * BLOCK;
        int width = Math.min(BLOCK, l.inner() - p0);
        scales(v, in.offset(), l, n, p0, width, size, alpha, k, scales);
        for (int c = 0; c < l.channels(); c++) {
          int at = l.index(n, c, p0);
          for (int q = 0; q < width; q++) {
            o[out.offset() + at + q] = (float) (v[in.offset() + at + q] * Math.pow(scales[c * BLOCK + q], -beta));
          }
        }
      }
    });
  }

  /**
   * {@code dx_j = dy_j * s_j^-beta - 2*alpha*beta/size * x_j * sum_{i : j in window(i)} dy_i * x_i *
   * s_i^(-beta-1)}. Overwrites {@code dx}, which may be {@code dy} or {@code x}: each value of dx
   * reads only its own dy and x once the block's sums are made.
   */
  void backward(Volume x, Volume dy, int size, float alpha, float beta, float k, Volume dx) {
    ArrayVolume in = volumes.own(x, "lrnBackward x");
    ChannelLayout l = ChannelLayout.of(in.shape(), "lrnBackward x");
    ArrayVolume grad = volumes.own(dy, in.size(), "lrnBackward dy");
    ArrayVolume out = volumes.own(dx, in.size(), "lrnBackward dx");
    float[] v = in.array();
    float[] d = grad.array();
    float[] o = out.array();
    int blocks = (l.inner() + BLOCK - 1) / BLOCK;
    elementwise.forUnits(l.items() * blocks, (long) l.channels() * BLOCK, (first, end) -> {
      double[] scales = new double[l.channels() * BLOCK];
      double[] weighted = new double[l.channels() * BLOCK];
      for (int unit = first; unit < end; unit++) {
        int n = unit / blocks;
        int p0 = unit % blocks * BLOCK;
        int width = Math.min(BLOCK, l.inner() - p0);
        scales(v, in.offset(), l, n, p0, width, size, alpha, k, scales);
        for (int c = 0; c < l.channels(); c++) {
          int at = l.index(n, c, p0);
          for (int q = 0; q < width; q++) {
            weighted[c * BLOCK + q] = d[grad.offset() + at + q] * v[in.offset() + at + q]
                * Math.pow(scales[c * BLOCK + q], -beta - 1);
          }
        }
        for (int j = 0; j < l.channels(); j++) {
          // channel i's window holds j when i - size/2 <= j <= i + (size-1)/2
          int from = Math.max(0, j - (size - 1) / 2);
          int to = Math.min(l.channels() - 1, j + size / 2);
          int at = l.index(n, j, p0);
          for (int q = 0; q < width; q++) {
            double sum = 0;
            for (int i = from; i <= to; i++) {
              sum += weighted[i * BLOCK + q];
            }
            float dj = d[grad.offset() + at + q];
            float xj = v[in.offset() + at + q];
            o[out.offset() + at + q] = (float) (dj * Math.pow(scales[j * BLOCK + q], -beta)
                - 2.0 * alpha * beta / size * xj * sum);
          }
        }
      }
    });
  }
}
