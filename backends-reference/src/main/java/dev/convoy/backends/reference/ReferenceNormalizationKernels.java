package dev.convoy.backends.reference;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.NormalizationKernels;
import dev.convoy.api.support.ArrayVolume;
import dev.convoy.api.support.ChannelLayout;

/**
 * The reference {@link NormalizationKernels}: checks owner and sizes ({@code [N, C, inner]}
 * volumes, {@code [C]} statistics), then runs {@link ReferenceBatchNorm} or {@link ReferenceLrn}.
 */
final class ReferenceNormalizationKernels implements NormalizationKernels {
  private final ReferenceBackend backend;

  ReferenceNormalizationKernels(ReferenceBackend backend) {
    this.backend = backend;
  }

  @Override
  public void channelMeanAndVariance(Volume x, Volume mean, Volume variance) {
    ArrayVolume in = backend.own(x, "channelMeanAndVariance x");
    ChannelLayout l = ChannelLayout.of(in.shape(), "channelMeanAndVariance x");
    ReferenceBatchNorm.channelMeanAndVariance(l, in, perChannel(mean, l, "channelMeanAndVariance mean"),
        perChannel(variance, l, "channelMeanAndVariance variance"));
  }

  @Override
  public void batchNormForward(Volume x, Volume gamma, Volume beta, Volume mean, Volume variance, float epsilon,
      Volume y) {
    ArrayVolume in = backend.own(x, "batchNormForward x");
    ChannelLayout l = ChannelLayout.of(in.shape(), "batchNormForward x");
    ReferenceBatchNorm.forward(l, in, perChannel(gamma, l, "batchNormForward gamma"),
        perChannel(beta, l, "batchNormForward beta"), perChannel(mean, l, "batchNormForward mean"),
        perChannel(variance, l, "batchNormForward variance"), epsilon, sameSize(y, in, "batchNormForward y"));
  }

  @Override
  public void batchNormBackward(Volume x, Volume dy, Volume gamma, Volume mean, Volume variance, float epsilon,
      boolean batchStatistics, Volume dx, Volume dGamma, Volume dBeta) {
    ArrayVolume in = backend.own(x, "batchNormBackward x");
    ChannelLayout l = ChannelLayout.of(in.shape(), "batchNormBackward x");
    ReferenceBatchNorm.backward(l, in, sameSize(dy, in, "batchNormBackward dy"),
        perChannel(gamma, l, "batchNormBackward gamma"), perChannel(mean, l, "batchNormBackward mean"),
        perChannel(variance, l, "batchNormBackward variance"), epsilon, batchStatistics,
        sameSize(dx, in, "batchNormBackward dx"), perChannel(dGamma, l, "batchNormBackward dGamma"),
        perChannel(dBeta, l, "batchNormBackward dBeta"));
  }

  @Override
  public void lrnForward(Volume x, int size, float alpha, float beta, float k, Volume y) {
    ArrayVolume in = backend.own(x, "lrnForward x");
    requireWindow(size, "lrnForward");
    ReferenceLrn.forward(ChannelLayout.of(in.shape(), "lrnForward x"), in, size, alpha, beta, k,
        sameSize(y, in, "lrnForward y"));
  }

  @Override
  public void lrnBackward(Volume x, Volume dy, int size, float alpha, float beta, float k, Volume dx) {
    ArrayVolume in = backend.own(x, "lrnBackward x");
    requireWindow(size, "lrnBackward");
    ReferenceLrn.backward(ChannelLayout.of(in.shape(), "lrnBackward x"), in, sameSize(dy, in, "lrnBackward dy"),
        size, alpha, beta, k, sameSize(dx, in, "lrnBackward dx"));
  }

  private static void requireWindow(int size, String kernel) {
    if (size < 1) {
      throw new ConvoyException(kernel + ": the window of " + size + " channels must hold at least one");
    }
  }

  private ArrayVolume perChannel(Volume v, ChannelLayout l, String role) {
    return backend.own(v, role).requireSize(l.channels(), role);
  }

  private ArrayVolume sameSize(Volume v, ArrayVolume like, String role) {
    return backend.own(v, role).requireSize(like.size(), role);
  }
}
