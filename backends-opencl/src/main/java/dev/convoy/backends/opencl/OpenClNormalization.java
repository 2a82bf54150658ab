package dev.convoy.backends.opencl;

import static org.jocl.CL.clReleaseMemObject;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.NormalizationKernels;
import dev.convoy.api.support.ChannelLayout;
import org.jocl.cl_mem;

/**
 * {@link NormalizationKernels} on the device, from {@code normalization.cl}: per-channel sums as
 * one work-group per channel reducing in a fixed order (the same bits every run), the rest one
 * work-item per value. In double where the device has it, in the reference backend's order of
 * operations. LRN's forward reads neighbouring channels, so where its output shares the input's
 * buffer the input is copied first; its backward stages per-value terms in scratch buffers first.
 */
final class OpenClNormalization implements NormalizationKernels {
  private static final String SOURCE = "normalization.cl";

  private final OpenClBackend backend;
  /** Lanes of a per-channel reduction: 64, or the largest power of two the device allows in a work-group. */
  private final int group;

  OpenClNormalization(OpenClBackend backend) {
    this.backend = backend;
    int lanes = 64;
    while (lanes > 1 && lanes > backend.device().maxWorkGroupSize()) {
      lanes /= 2;
    }
    this.group = lanes;
  }

  @Override
  public void channelMeanAndVariance(Volume x, Volume mean, Volume variance) {
    OpenClVolume in = backend.own(x, "channelMeanAndVariance x");
    ChannelLayout l = ChannelLayout.of(in.shape(), "channelMeanAndVariance x");
    if (l.perChannel() == 0) {
      throw new ShapeException("channelMeanAndVariance x " + in.shape() + " has no values per channel");
    }
    OpenClVolume mu = perChannel(mean, l, "channelMeanAndVariance mean");
    OpenClVolume var = perChannel(variance, l, "channelMeanAndVariance variance");
    kernel("channel_mean_variance").call().arg(in.mem()).arg(mu.mem()).arg(var.mem()).arg(l.channels())
        .arg(l.inner()).arg(l.perChannel()).launch(perChannelGroups(l), new long[] {group});
  }

  @Override
  public void batchNormForward(Volume x, Volume gamma, Volume beta, Volume mean, Volume variance, float epsilon,
      Volume y) {
    OpenClVolume in = backend.own(x, "batchNormForward x");
    ChannelLayout l = ChannelLayout.of(in.shape(), "batchNormForward x");
    OpenClVolume g = perChannel(gamma, l, "batchNormForward gamma");
    OpenClVolume b = perChannel(beta, l, "batchNormForward beta");
    OpenClVolume mu = perChannel(mean, l, "batchNormForward mean");
    OpenClVolume var = perChannel(variance, l, "batchNormForward variance");
    OpenClVolume out = sameSize(y, in, "batchNormForward y");
    kernel("batch_norm_forward").call().arg(in.mem()).arg(g.mem()).arg(b.mem()).arg(mu.mem()).arg(var.mem())
        .arg(epsilon).arg(out.mem()).arg(l.channels()).arg(l.inner()).launch(rowsOf(l), null);
  }

  @Override
  public void batchNormBackward(Volume x, Volume dy, Volume gamma, Volume mean, Volume variance, float epsilon,
      boolean batchStatistics, Volume dx, Volume dGamma, Volume dBeta) {
    OpenClVolume in = backend.own(x, "batchNormBackward x");
    ChannelLayout l = ChannelLayout.of(in.shape(), "batchNormBackward x");
    OpenClVolume grad = sameSize(dy, in, "batchNormBackward dy");
    OpenClVolume g = perChannel(gamma, l, "batchNormBackward gamma");
    OpenClVolume mu = perChannel(mean, l, "batchNormBackward mean");
    OpenClVolume var = perChannel(variance, l, "batchNormBackward variance");
    OpenClVolume out = sameSize(dx, in, "batchNormBackward dx");
    OpenClVolume gammaGrad = perChannel(dGamma, l, "batchNormBackward dGamma");
    OpenClVolume betaGrad = perChannel(dBeta, l, "batchNormBackward dBeta");
    if (l.channels() == 0) {
      return;
    }
    // Two values a channel, each room for a double: sum(dy) and sum(dy * xhat).
    cl_mem sums = backend.session().allocate(4L * l.channels(), "batchNormBackward's per-channel sums");
    try {
      kernel("batch_norm_backward_sums").call().arg(in.mem()).arg(grad.mem()).arg(mu.mem()).arg(var.mem())
          .arg(epsilon).arg(sums).arg(gammaGrad.mem()).arg(betaGrad.mem()).arg(l.channels()).arg(l.inner())
          .arg(l.perChannel()).launch(perChannelGroups(l), new long[] {group});
      // In order after the sums, and each value read before it is written: dx may be x or dy.
      kernel("batch_norm_backward_dx").call().arg(in.mem()).arg(grad.mem()).arg(g.mem()).arg(mu.mem())
          .arg(var.mem()).arg(epsilon).arg(sums).arg(batchStatistics ? 1 : 0).arg(out.mem()).arg(l.channels())
          .arg(l.inner()).arg(l.perChannel()).launch(rowsOf(l), null);
    } finally {
      // OpenCL frees it once the kernels above have run.
      clReleaseMemObject(sums);
    }
  }

  @Override
  public void lrnForward(Volume x, int size, float alpha, float beta, float k, Volume y) {
    OpenClVolume in = backend.own(x, "lrnForward x");
    requireWindow(size, "lrnForward");
    ChannelLayout l = ChannelLayout.of(in.shape(), "lrnForward x");
    OpenClVolume out = sameSize(y, in, "lrnForward y");
    try (Apart source = new Apart(in, out)) {
      kernel("lrn_forward").call().arg(source.mem).arg(size).arg(alpha).arg(beta).arg(k).arg(out.mem())
          .arg(l.channels()).arg(l.inner()).arg(in.size()).launch(in.size());
    }
  }

  @Override
  public void lrnBackward(Volume x, Volume dy, int size, float alpha, float beta, float k, Volume dx) {
    OpenClVolume in = backend.own(x, "lrnBackward x");
    requireWindow(size, "lrnBackward");
    ChannelLayout l = ChannelLayout.of(in.shape(), "lrnBackward x");
    OpenClVolume grad = sameSize(dy, in, "lrnBackward dy");
    OpenClVolume out = sameSize(dx, in, "lrnBackward dx");
    int n = in.size();
    if (n == 0) {
      return;
    }
    // Two values a value, each room for a double: s^-beta and dy * x * s^(-beta-1).
    cl_mem power = backend.session().allocate(2L * n, "lrnBackward's powers of the scales");
    cl_mem weighted = backend.session().allocate(2L * n, "lrnBackward's weighted gradients");
    try {
      kernel("lrn_backward_terms").call().arg(in.mem()).arg(grad.mem()).arg(size).arg(alpha).arg(beta).arg(k)
          .arg(power).arg(weighted).arg(l.channels()).arg(l.inner()).arg(n).launch(n);
      // In order after the terms, reading only its own value of x and dy: dx may be either.
      kernel("lrn_backward_dx").call().arg(in.mem()).arg(grad.mem()).arg(power).arg(weighted).arg(size).arg(alpha)
          .arg(beta).arg(out.mem()).arg(l.channels()).arg(l.inner()).arg(n).launch(n);
    } finally {
      // OpenCL frees them once the kernels above have run.
      clReleaseMemObject(power);
      clReleaseMemObject(weighted);
    }
  }

  /** One work-item per value, as {@code [inner, items * channels]}: the channel is the same along dimension 0. */
  private static long[] rowsOf(ChannelLayout l) {
    return new long[] {l.inner(), (long) l.items() * l.channels()};
  }

  /** One work-group of {@link #group} lanes per channel. */
  private long[] perChannelGroups(ChannelLayout l) {
    return new long[] {(long) l.channels() * group};
  }

  private static void requireWindow(int size, String kernel) {
    if (size < 1) {
      throw new ConvoyException(kernel + ": the window of " + size + " channels must hold at least one");
    }
  }

  private OpenClVolume perChannel(Volume v, ChannelLayout l, String role) {
    return backend.own(v, role).requireSize(l.channels(), role);
  }

  private OpenClVolume sameSize(Volume v, OpenClVolume like, String role) {
    return backend.own(v, role).requireSize(like.size(), role);
  }

  private ClKernel kernel(String name) {
    return backend.programs().kernel(SOURCE, "-DREDUCE_GROUP=" + group, name);
  }

  /** An input's buffer, or a copy of it when the output shares that buffer (released after the launch). */
  private final class Apart implements AutoCloseable {
    final cl_mem mem;
    private final boolean copied;

    Apart(OpenClVolume input, OpenClVolume output) {
      copied = input.sharesStorageWith(output);
      if (copied) {
        mem = backend.session().allocate(input.size(), "a copy of the LRN input its output overwrites");
        backend.session().copy(input.mem(), mem, input.size());
      } else {
        mem = input.mem();
      }
    }

    @Override
    public void close() {
      if (copied) {
        // OpenCL frees it once the commands using it have run.
        clReleaseMemObject(mem);
      }
    }
  }
}
