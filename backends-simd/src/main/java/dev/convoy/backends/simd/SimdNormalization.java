package dev.convoy.backends.simd;

import dev.convoy.api.Volume;
import dev.convoy.api.kernels.NormalizationKernels;

/** The {@link NormalizationKernels} family: batch normalization by {@link SimdBatchNorm}, LRN by {@link SimdLrn}. */
final class SimdNormalization implements NormalizationKernels {
  private final SimdBatchNorm batchNorm;
  private final SimdLrn lrn;

  SimdNormalization(OwnVolumes volumes, SimdElementwise elementwise) {
    this.batchNorm = new SimdBatchNorm(volumes, elementwise);
    this.lrn = new SimdLrn(volumes, elementwise);
  }

  @Override
  public void channelMeanAndVariance(Volume x, Volume mean, Volume variance) {
    batchNorm.meanAndVariance(x, mean, variance);
  }

  @Override
  public void batchNormForward(Volume x, Volume gamma, Volume beta, Volume mean, Volume variance, float epsilon,
      Volume y) {
    batchNorm.forward(x, gamma, beta, mean, variance, epsilon, y);
  }

  @Override
  public void batchNormBackward(Volume x, Volume dy, Volume gamma, Volume mean, Volume variance, float epsilon,
      boolean batchStatistics, Volume dx, Volume dGamma, Volume dBeta) {
    batchNorm.backward(x, dy, gamma, mean, variance, epsilon, batchStatistics, dx, dGamma, dBeta);
  }

  @Override
  public void lrnForward(Volume x, int size, float alpha, float beta, float k, Volume y) {
    lrn.forward(x, size, alpha, beta, k, y);
  }

  @Override
  public void lrnBackward(Volume x, Volume dy, int size, float alpha, float beta, float k, Volume dx) {
    lrn.backward(x, dy, size, alpha, beta, k, dx);
  }
}
