package dev.convoy.api.support;

import dev.convoy.api.Volume;

/**
 * The default, host-side kernels of {@link dev.convoy.api.Backend} that adaptive optimizers
 * (Adagrad, RMSProp, Adam) are built from, besides {@code scale} and {@code axpy}.
 */
public final class HostOptimizerMath {
  private HostOptimizerMath() {}

  /** {@code acc = decay * acc + weight * x^2}. */
  public static void accumulateSquares(float decay, float weight, Volume x, Volume acc) {
    float[] v = x.toArray();
    float[] a = HostArrays.read(acc, v.length, "accumulateSquares acc");
    for (int i = 0; i < v.length; i++) {
      a[i] = decay * a[i] + weight * (v[i] * v[i]);
    }
    acc.write(a);
  }

  /** {@code y += alpha * numerator / (sqrtScale * sqrt(squares) + epsilon)}. */
  public static void addQuotientBySqrt(float alpha, Volume numerator, Volume squares, float sqrtScale,
      float epsilon, Volume y) {
    float[] num = numerator.toArray();
    float[] sq = HostArrays.read(squares, num.length, "addQuotientBySqrt squares");
    float[] out = HostArrays.read(y, num.length, "addQuotientBySqrt y");
    for (int i = 0; i < num.length; i++) {
      out[i] += alpha * (num[i] / (sqrtScale * (float) Math.sqrt(sq[i]) + epsilon));
    }
    y.write(out);
  }
}
