package dev.convoy.backends.reference;

import dev.convoy.api.ShapeException;
import dev.convoy.api.support.ArrayVolume;
import dev.convoy.api.support.ChannelLayout;

/**
 * Batch normalization per channel (dimension 1) over the batch and every position: statistics,
 * normalization with given statistics, and the backward pass. Sums run in double. Each value is
 * read before it is written and only its own channel's sums are used, so an output may be an input.
 */
final class ReferenceBatchNorm {
  private ReferenceBatchNorm() {}

  /** Writes the per-channel mean and biased variance (divided by {@code N*H*W}) of {@code x}. */
  static void channelMeanAndVariance(ChannelLayout l, ArrayVolume x, ArrayVolume mean, ArrayVolume variance) {
    if (l.perChannel() == 0) {
      throw new ShapeException("channelMeanAndVariance x " + x.shape() + " has no values per channel");
    }
    float[] v = x.array();
    int xo = x.offset();
    for (int c = 0; c < l.channels(); c++) {
      double sum = 0;
      for (int n = 0; n < l.items(); n++) {
        for (int p = 0; p < l.inner(); p++) {
          sum += v[xo + l.index(n, c, p)];
        }
      }
      double mu = sum / l.perChannel();
      double squares = 0;
      for (int n = 0; n < l.items(); n++) {
        for (int p = 0; p < l.inner(); p++) {
          double d = v[xo + l.index(n, c, p)] - mu;
          squares += d * d;
        }
      }
      mean.set(c, (float) mu);
      variance.set(c, (float) (squares / l.perChannel()));
    }
  }

  /** {@code y = gamma * (x - mean) / sqrt(variance + epsilon) + beta}, per channel. */
  static void forward(ChannelLayout l, ArrayVolume x, ArrayVolume gamma, ArrayVolume beta, ArrayVolume mean,
      ArrayVolume variance, float epsilon, ArrayVolume y) {
    float[] v = x.array();
    float[] out = y.array();
    int xo = x.offset();
    int yo = y.offset();
    for (int c = 0; c < l.channels(); c++) {
      float g = gamma.get(c);
      float b = beta.get(c);
      float mu = mean.get(c);
      double invStd = 1.0 / Math.sqrt((double) variance.get(c) + epsilon);
      for (int n = 0; n < l.items(); n++) {
        for (int p = 0; p < l.inner(); p++) {
          int i = l.index(n, c, p);
          out[yo + i] = (float) (g * (v[xo + i] - mu) * invStd + b);
        }
      }
    }
  }

  /**
   * The backward pass: overwrites {@code dx}, adds into {@code dGamma} and {@code dBeta}. With
   * {@code batchStatistics} the mean and variance are the batch's own, functions of {@code x}:
   * {@code dx = gamma/(m*std) * (m*dy - sum(dy) - xhat*sum(dy*xhat))} with {@code m = N*H*W}.
   * Without, they are constants (running statistics): {@code dx = gamma/std * dy}.
   */
  static void backward(ChannelLayout l, ArrayVolume x, ArrayVolume dy, ArrayVolume gamma, ArrayVolume mean,
      ArrayVolume variance, float epsilon, boolean batchStatistics, ArrayVolume dx, ArrayVolume dGamma,
      ArrayVolume dBeta) {
    float[] v = x.array();
    float[] d = dy.array();
    float[] out = dx.array();
    int xo = x.offset();
    int dyo = dy.offset();
    int dxo = dx.offset();
    double m = l.perChannel();
    for (int c = 0; c < l.channels(); c++) {
      float g = gamma.get(c);
      float mu = mean.get(c);
      double invStd = 1.0 / Math.sqrt((double) variance.get(c) + epsilon);
      double sumDy = 0;
      double sumDyXhat = 0;
      for (int n = 0; n < l.items(); n++) {
        for (int p = 0; p < l.inner(); p++) {
          int i = l.index(n, c, p);
          sumDy += d[dyo + i];
          sumDyXhat += d[dyo + i] * (v[xo + i] - mu) * invStd;
        }
      }
      for (int n = 0; n < l.items(); n++) {
        for (int p = 0; p < l.inner(); p++) {
          int i = l.index(n, c, p);
          float di = d[dyo + i];
          float vi = v[xo + i];
          out[dxo + i] = batchStatistics
              ? (float) (g * invStd / m * (m * di - sumDy - (vi - mu) * invStd * sumDyXhat))
              : (float) (g * invStd * di);
        }
      }
      dGamma.set(c, (float) (dGamma.get(c) + sumDyXhat));
      dBeta.set(c, (float) (dBeta.get(c) + sumDy));
    }
  }
}
