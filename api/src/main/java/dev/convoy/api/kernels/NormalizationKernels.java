package dev.convoy.api.kernels;

import dev.convoy.api.KernelFamily;
import dev.convoy.api.Volume;

/**
 * Batch normalization and local response normalization. Volumes of rank 2 or more are seen as
 * {@code [N, C, inner]}; statistics and gamma/beta are {@code [C]}.
 */
public interface NormalizationKernels extends KernelFamily {

  /** Each channel's mean and biased variance (divided by {@code N*inner}). Overwrites both. */
  void channelMeanAndVariance(Volume x, Volume mean, Volume variance);

  /** {@code y = gamma * (x - mean) / sqrt(variance + epsilon) + beta} per channel. Overwrites {@code y}. */
  void batchNormForward(Volume x, Volume gamma, Volume beta, Volume mean, Volume variance, float epsilon, Volume y);

  /**
   * The backward pass of {@link #batchNormForward}. With {@code batchStatistics} the statistics are
   * the batch's own (from {@link #channelMeanAndVariance} of {@code x}) and their dependence on
   * {@code x} is part of {@code dx}; without, they are constants. Overwrites {@code dx};
   * accumulates {@code dGamma += sum(dy * xhat)} and {@code dBeta += sum(dy)}.
   */
  void batchNormBackward(Volume x, Volume dy, Volume gamma, Volume mean, Volume variance, float epsilon,
      boolean batchStatistics, Volume dx, Volume dGamma, Volume dBeta);

  /**
   * Local response normalization across channels (AlexNet; PyTorch's {@code LocalResponseNorm}):
   * {@code y_c = x_c / (k + alpha/size * sum_{c' = c - size/2}^{c + (size-1)/2} x_c'^2)^beta}, the
   * window clipped to the channels. Overwrites {@code y}.
   */
  void lrnForward(Volume x, int size, float alpha, float beta, float k, Volume y);

  /** The input gradient of {@link #lrnForward} from the forward input {@code x}. Overwrites {@code dx}. */
  void lrnBackward(Volume x, Volume dy, int size, float alpha, float beta, float k, Volume dx);
}
