package dev.convoy.api.support;

import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;

/**
 * The default, host-side batch normalization kernels of {@link dev.convoy.api.Backend}: statistics
 * per channel (dimension 1) over the batch and every position, normalization with given statistics,
 * and the backward pass. Sums run in double.
 */
public final class HostBatchNorm {
  private HostBatchNorm() {}

  /** Writes the per-channel mean and biased variance (divided by {@code N*H*W}) of {@code x}. */
  public static void channelMeanAndVariance(Volume x, Volume mean, Volume variance) {
    ChannelLayout l = ChannelLayout.of(x.shape(), "channelMeanAndVariance x");
    float[] v = x.toArray();
    HostArrays.requireSize(mean, l.channels(), "channelMeanAndVariance mean");
    HostArrays.requireSize(variance, l.channels(), "channelMeanAndVariance variance");
    if (l.perChannel() == 0) {
      throw new ShapeException("channelMeanAndVariance x " + x.shape() + " has no values per channel");
    }
    float[] means = new float[l.channels()];
    float[] variances = new float[l.channels()];
    for (int c = 0; c < l.channels(); c++) {
      double sum = 0;
      for (int n = 0; n < l.items(); n++) {
        for (int p = 0; p < l.inner(); p++) {
          sum += v[l.index(n, c, p)];
        }
      }
      double mu = sum / l.perChannel();
      double squares = 0;
      for (int n = 0; n < l.items(); n++) {
        for (int p = 0; p < l.inner(); p++) {
          double d = v[l.index(n, c, p)] - mu;
          squares += d * d;
        }
      }
      means[c] = (float) mu;
      variances[c] = (float) (squares / l.perChannel());
    }
    mean.write(means);
    variance.write(variances);
  }

  /** {@code y = gamma * (x - mean) / sqrt(variance + epsilon) + beta}, per channel. */
  public static void forward(Volume x, Volume gamma, Volume beta, Volume mean, Volume variance, float epsilon,
      Volume y) {
    ChannelLayout l = ChannelLayout.of(x.shape(), "batchNormForward x");
    float[] v = x.toArray();
    float[] g = HostArrays.read(gamma, l.channels(), "batchNormForward gamma");
    float[] b = HostArrays.read(beta, l.channels(), "batchNormForward beta");
    float[] mu = HostArrays.read(mean, l.channels(), "batchNormForward mean");
    float[] var = HostArrays.read(variance, l.channels(), "batchNormForward variance");
    HostArrays.requireSize(y, v.length, "batchNormForward y");
    for (int c = 0; c < l.channels(); c++) {
      double invStd = 1.0 / Math.sqrt((double) var[c] + epsilon);
      for (int n = 0; n < l.items(); n++) {
        for (int p = 0; p < l.inner(); p++) {
          int i = l.index(n, c, p);
          v[i] = (float) (g[c] * (v[i] - mu[c]) * invStd + b[c]);
        }
      }
    }
    y.write(v);
  }

  /**
   * The backward pass: overwrites {@code dx}, adds into {@code dGamma} and {@code dBeta}. With
   * {@code batchStatistics} the mean and variance are the batch's own, functions of {@code x}:
   * {@code dx = gamma/(m*std) * (m*dy - sum(dy) - xhat*sum(dy*xhat))} with {@code m = N*H*W}.
   * Without, they are constants (running statistics): {@code dx = gamma/std * dy}.
   */
  public static void backward(Volume x, Volume dy, Volume gamma, Volume mean, Volume variance, float epsilon,
      boolean batchStatistics, Volume dx, Volume dGamma, Volume dBeta) {
    ChannelLayout l = ChannelLayout.of(x.shape(), "batchNormBackward x");
    float[] v = x.toArray();
    float[] d = HostArrays.read(dy, v.length, "batchNormBackward dy");
    float[] g = HostArrays.read(gamma, l.channels(), "batchNormBackward gamma");
    float[] mu = HostArrays.read(mean, l.channels(), "batchNormBackward mean");
    float[] var = HostArrays.read(variance, l.channels(), "batchNormBackward variance");
    float[] dg = HostArrays.read(dGamma, l.channels(), "batchNormBackward dGamma");
    float[] db = HostArrays.read(dBeta, l.channels(), "batchNormBackward dBeta");
    HostArrays.requireSize(dx, v.length, "batchNormBackward dx");
    float[] out = new float[v.length];
    double m = l.perChannel();
    for (int c = 0; c < l.channels(); c++) {
      double invStd = 1.0 / Math.sqrt((double) var[c] + epsilon);
      double sumDy = 0;
      double sumDyXhat = 0;
      for (int n = 0; n < l.items(); n++) {
        for (int p = 0; p < l.inner(); p++) {
          int i = l.index(n, c, p);
          sumDy += d[i];
          sumDyXhat += d[i] * (v[i] - mu[c]) * invStd;
        }
      }
      for (int n = 0; n < l.items(); n++) {
        for (int p = 0; p < l.inner(); p++) {
          int i = l.index(n, c, p);
          out[i] = batchStatistics
              ? (float) (g[c] * invStd / m * (m * d[i] - sumDy - (v[i] - mu[c]) * invStd * sumDyXhat))
              : (float) (g[c] * invStd * d[i]);
        }
      }
      dg[c] = (float) (dg[c] + sumDyXhat);
      db[c] = (float) (db[c] + sumDy);
    }
    dx.write(out);
    dGamma.write(dg);
    dBeta.write(db);
  }
}
