package dev.convoy.tck;

import dev.convoy.api.Shape;

/**
 * Batch normalization and local response normalization straight from their definitions, in
 * double, written apart from any backend. Batch normalization's backward is the staged chain rule
 * of the CS231n assignment (through the variance, then the mean), not the compact formula
 * backends usually use, so the two check each other.
 */
public final class DirectNormalization {
  private DirectNormalization() {}

  /** {@code [items, channels, inner]} of a rank-2+ shape. */
  static int[] layout(Shape s) {
    return new int[] {s.dim(0), s.dim(1), (int) (s.size() / s.dim(0) / s.dim(1))};
  }

  /** Per-channel mean (index 0) and biased variance (index 1). */
  public static double[][] meanAndVariance(Shape s, float[] x) {
    int[] l = layout(s);
    double[] mean = new double[l[1]];
    double[] var = new double[l[1]];
    double m = (double) l[0] * l[2];
    for (int i = 0; i < x.length; i++) {
      mean[i / l[2] % l[1]] += x[i] / m;
    }
    for (int i = 0; i < x.length; i++) {
      int c = i / l[2] % l[1];
      var[c] += (x[i] - mean[c]) * (x[i] - mean[c]) / m;
    }
    return new double[][] {mean, var};
  }

  /** {@code gamma * (x - mean) / sqrt(var + eps) + beta}. */
  public static double[] batchNorm(Shape s, float[] x, float[] gamma, float[] beta, float[] mean, float[] var,
      double eps) {
    int[] l = layout(s);
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      int c = i / l[2] % l[1];
      y[i] = gamma[c] * (x[i] - mean[c]) / Math.sqrt(var[c] + eps) + beta[c];
    }
    return y;
  }

  /**
   * The input gradient with the batch's own statistics, staged: {@code dxhat = dy * gamma},
   * {@code dvar = sum(dxhat * (x - mu)) * -1/2 * (var + eps)^-3/2},
   * {@code dmu = -sum(dxhat) / std + dvar * mean(-2 (x - mu))},
   * {@code dx = dxhat / std + dvar * 2 (x - mu) / m + dmu / m}.
   */
  public static double[] batchNormBackward(Shape s, float[] x, float[] dy, float[] gamma, double eps) {
    int[] l = layout(s);
    double[][] stats = meanAndVariance(s, x);
    double[] mu = stats[0];
    double[] var = stats[1];
    double m = (double) l[0] * l[2];
    double[] dvar = new double[l[1]];
    double[] dmu = new double[l[1]];
    double[] centredSum = new double[l[1]];
    for (int i = 0; i < x.length; i++) {
      int c = i / l[2] % l[1];
      double dxhat = dy[i] * gamma[c];
      dvar[c] += dxhat * (x[i] - mu[c]) * -0.5 * Math.pow(var[c] + eps, -1.5);
      dmu[c] += -dxhat / Math.sqrt(var[c] + eps);
      centredSum[c] += -2 * (x[i] - mu[c]);
    }
    for (int c = 0; c < l[1]; c++) {
      dmu[c] += dvar[c] * centredSum[c] / m;
    }
    double[] dx = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      int c = i / l[2] % l[1];
      dx[i] = dy[i] * gamma[c] / Math.sqrt(var[c] + eps) + dvar[c] * 2 * (x[i] - mu[c]) / m + dmu[c] / m;
    }
    return dx;
  }

  /** Per channel: {@code sum(dy * xhat)} (index 0) and {@code sum(dy)} (index 1), xhat with the given statistics. */
  public static double[][] batchNormParameterGradients(Shape s, float[] x, float[] dy, float[] mean, float[] var,
      double eps) {
    int[] l = layout(s);
    double[] dGamma = new double[l[1]];
    double[] dBeta = new double[l[1]];
    for (int i = 0; i < x.length; i++) {
      int c = i / l[2] % l[1];
      dGamma[c] += dy[i] * (x[i] - mean[c]) / Math.sqrt(var[c] + eps);
      dBeta[c] += dy[i];
    }
    return new double[][] {dGamma, dBeta};
  }

  /** LRN across channels with PyTorch's window {@code c - size/2 .. c + (size-1)/2}. */
  public static double[] lrn(Shape s, double[] x, int size, double alpha, double beta, double k) {
    int[] l = layout(s);
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      int c = i / l[2] % l[1];
      double sum = 0;
      for (int o = -(size / 2); o <= (size - 1) / 2; o++) {
        if (c + o >= 0 && c + o < l[1]) {
          double v = x[i + o * l[2]];
          sum += v * v;
        }
      }
      y[i] = x[i] / Math.pow(k + alpha / size * sum, beta);
    }
    return y;
  }

  /** The LRN input gradient by central differences of {@link #lrn} in double: {@code dx_j = sum_i dy_i dy_i/dx_j}. */
  public static double[] lrnBackwardNumeric(Shape s, float[] x, float[] dy, int size, double alpha, double beta,
      double k) {
    double[] xd = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      xd[i] = x[i];
    }
    double[] dx = new double[x.length];
    double h = 1e-5;
    for (int j = 0; j < x.length; j++) {
      xd[j] = x[j] + h;
      double[] plus = lrn(s, xd, size, alpha, beta, k);
      xd[j] = x[j] - h;
      double[] minus = lrn(s, xd, size, alpha, beta, k);
      xd[j] = x[j];
      for (int i = 0; i < x.length; i++) {
        dx[j] += dy[i] * (plus[i] - minus[i]) / (2 * h);
      }
    }
    return dx;
  }
}
