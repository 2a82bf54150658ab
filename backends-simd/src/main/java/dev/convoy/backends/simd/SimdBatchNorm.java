package dev.convoy.backends.simd;

import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import dev.convoy.api.support.ArrayVolume;
import dev.convoy.api.support.ChannelLayout;

/**
 * Batch normalization for {@link SimdNormalization}: the reference backend's sums, in double and
 * in the same order within a channel (item by item, position by position), so results match it
 * bit for bit. Channels are independent, so whole channels go to the tasks of the pool.
 */
final class SimdBatchNorm {
  private final OwnVolumes volumes;
  private final SimdElementwise elementwise;

  SimdBatchNorm(OwnVolumes volumes, SimdElementwise elementwise) {
    this.volumes = volumes;
    this.elementwise = elementwise;
  }

  /** A {@code [C]} volume: statistics, gamma, beta and their gradients. */
  private ArrayVolume perChannel(Volume v, ChannelLayout l, String role) {
    return volumes.own(v, l.channels(), role);
  }

  void meanAndVariance(Volume x, Volume mean, Volume variance) {
    ArrayVolume in = volumes.own(x, "channelMeanAndVariance x");
    ChannelLayout l = ChannelLayout.of(in.shape(), "channelMeanAndVariance x");
    ArrayVolume mu = perChannel(mean, l, "channelMeanAndVariance mean");
    ArrayVolume var = perChannel(variance, l, "channelMeanAndVariance variance");
    if (l.perChannel() == 0) {
      throw new ShapeException("channelMeanAndVariance x " + in.shape() + " has no values per channel");
    }
    float[] v = in.array();
    int off = in.offset();
    elementwise.forUnits(l.channels(), l.perChannel(), (first, end) -> {
      for (int c = first; c < end; c++) {
        double sum = 0;
        for (int n = 0; n < l.items(); n++) {
          for (int p = 0, i = off + l.index(n, c, 0); p < l.inner(); p++, i++) {
            sum += v[i];
          }
        }
        double m = sum / l.perChannel();
        double squares = 0;
        for (int n = 0; n < l.items(); n++) {
          for (int p = 0, i = off + l.index(n, c, 0); p < l.inner(); p++, i++) {
            double d = v[i] - m;
            squares += d * d;
          }
        }
        mu.array()[mu.offset() + c] = (float) m;
        var.array()[var.offset() + c] = (float) (squares / l.perChannel());
      }
    });
  }

  void forward(Volume x, Volume gamma, Volume beta, Volume mean, Volume variance, float epsilon, Volume y) {
    ArrayVolume in = volumes.own(x, "batchNormForward x");
    ChannelLayout l = ChannelLayout.of(in.shape(), "batchNormForward x");
    float[] g = channelValues(gamma, l, "batchNormForward gamma");
    float[] b = channelValues(beta, l, "batchNormForward beta");
    float[] mu = channelValues(mean, l, "batchNormForward mean");
    float[] var = channelValues(variance, l, "batchNormForward variance");
    ArrayVolume out = volumes.own(y, in.size(), "batchNormForward y");
    float[] v = in.array();
    float[] o = out.array();
    elementwise.forUnits(l.channels(), l.perChannel(), (first, end) -> {
      for (int c = first; c < end; c++) {
        double invStd = 1.0 / Math.sqrt((double) var[c] + epsilon);
        for (int n = 0; n < l.items(); n++) {
          int at = l.index(n, c, 0);
          for (int p = 0, i = in.offset() + at, j = out.offset() + at; p < l.inner(); p++, i++, j++) {
            o[j] = (float) (g[c] * (v[i] - mu[c]) * invStd + b[c]);
          }
        }
      }
    });
  }

  /**
   * With {@code batchStatistics}: {@code dx = gamma/(m*std) * (m*dy - sum(dy) - xhat*sum(dy*xhat))},
   * {@code m = N*inner}; without, the statistics are constants: {@code dx = gamma/std * dy}. A
   * channel's sums are complete before any of its dx is written, so dx may be dy or x.
   */
  void backward(Volume x, Volume dy, Volume gamma, Volume mean, Volume variance, float epsilon,
      boolean batchStatistics, Volume dx, Volume dGamma, Volume dBeta) {
    ArrayVolume in = volumes.own(x, "batchNormBackward x");
    ChannelLayout l = ChannelLayout.of(in.shape(), "batchNormBackward x");
    ArrayVolume grad = volumes.own(dy, in.size(), "batchNormBackward dy");
    float[] g = channelValues(gamma, l, "batchNormBackward gamma");
    float[] mu = channelValues(mean, l, "batchNormBackward mean");
    float[] var = channelValues(variance, l, "batchNormBackward variance");
    ArrayVolume dg = perChannel(dGamma, l, "batchNormBackward dGamma");
    ArrayVolume db = perChannel(dBeta, l, "batchNormBackward dBeta");
    ArrayVolume out = volumes.own(dx, in.size(), "batchNormBackward dx");
    float[] v = in.array();
    float[] d = grad.array();
    float[] o = out.array();
    double m = l.perChannel();
    elementwise.forUnits(l.channels(), l.perChannel(), (first, end) -> {
      for (int c = first; c < end; c++) {
        double invStd = 1.0 / Math.sqrt((double) var[c] + epsilon);
        double sumDy = 0;
        double sumDyXhat = 0;
        for (int n = 0; n < l.items(); n++) {
          int at = l.index(n, c, 0);
          for (int p = 0, i = in.offset() + at, k = grad.offset() + at; p < l.inner(); p++, i++, k++) {
            sumDy += d[k];
            sumDyXhat += d[k] * (v[i] - mu[c]) * invStd;
          }
        }
        for (int n = 0; n < l.items(); n++) {
          int at = l.index(n, c, 0);
          for (int p = 0; p < l.inner(); p++) {
            float xi = v[in.offset() + at + p];
            float di = d[grad.offset() + at + p];
            o[out.offset() + at + p] = batchStatistics
                ? (float) (g[c] * invStd / m * (m * di - sumDy - (xi - mu[c]) * invStd * sumDyXhat))
                : (float) (g[c] * invStd * di);
          }
        }
        dg.array()[dg.offset() + c] = (float) (dg.array()[dg.offset() + c] + sumDyXhat);
        db.array()[db.offset() + c] = (float) (db.array()[db.offset() + c] + sumDy);
      }
    });
  }

  /** A {@code [C]} volume's values, copied so that a task reads them by channel index alone. */
  private float[] channelValues(Volume v, ChannelLayout l, String role) {
    return perChannel(v, l, role).toArray();
  }
}
