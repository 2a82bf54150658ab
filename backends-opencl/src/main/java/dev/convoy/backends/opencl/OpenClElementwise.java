package dev.convoy.backends.opencl;

import static org.jocl.CL.clReleaseMemObject;

import dev.convoy.api.support.ChannelLayout;
import org.jocl.cl_mem;

/**
 * The core's elementwise kernels and the channel bias and its gradient, from {@code
 * elementwise.cl}. The gradient is a two-stage reduction in a fixed order (deterministic): slices
 * of each channel summed by work-groups of {@link #group} lanes, then each channel's slices in
 * order.
 */
final class OpenClElementwise {
  private static final String SOURCE = "elementwise.cl";
  /** Values each lane sums in a slice before the tree, at least; bounds the number of slices. */
  private static final int VALUES_PER_LANE = 16;
  /** At most this many slices per channel: enough work-groups to fill a device, few for stage two. */
  private static final int MAX_SLICES = 64;

  private final OpenClBackend backend;
  private final Programs programs;
  private final int group;

  OpenClElementwise(OpenClBackend backend, Programs programs, DeviceInfo device) {
    this.backend = backend;
    this.programs = programs;
    this.group = reduceGroup(device.maxWorkGroupSize());
  }

  void axpby(float alpha, OpenClVolume x, float beta, OpenClVolume y) {
    kernel("axpby").call().arg(alpha).arg(x.mem()).arg(beta).arg(y.mem()).arg(x.size()).launch(x.size());
  }

  void scale(OpenClVolume x, float alpha) {
    kernel("scale").call().arg(x.mem()).arg(alpha).arg(x.size()).launch(x.size());
  }

  void multiply(OpenClVolume a, OpenClVolume b, OpenClVolume out) {
    kernel("multiply").call().arg(a.mem()).arg(b.mem()).arg(out.mem()).arg(a.size()).launch(a.size());
  }

  void addChannelBias(OpenClVolume y, OpenClVolume bias, ChannelLayout layout) {
    kernel("add_channel_bias").call().arg(y.mem()).arg(bias.mem()).arg(layout.channels()).arg(layout.inner())
        .arg(y.size()).launch(y.size());
  }

  void accumulateChannelBiasGradient(OpenClVolume dy, OpenClVolume dBias, ChannelLayout layout) {
    int perChannel = layout.perChannel();
    int channels = layout.channels();
    if (channels == 0) {
      return;
    }
    int slice = Math.max(group * VALUES_PER_LANE, (perChannel + MAX_SLICES - 1) / MAX_SLICES);
    int slices = Math.max(1, (perChannel + slice - 1) / slice);
    cl_mem partial = backend.session().allocate((long) channels * slices, "the bias gradient's partial sums");
    try {
      kernel("channel_partial_sums").call().arg(dy.mem()).arg(partial).arg(layout.items()).arg(channels)
          .arg(layout.inner()).arg(slice).arg(slices)
          .launch(new long[] {(long) channels * slices * group}, new long[] {group});
      kernel("channel_sum_partials").call().arg(partial).arg(dBias.mem()).arg(slices).arg(channels)
          .launch(channels);
    } finally {
      // OpenCL frees it once the kernels above have run.
      clReleaseMemObject(partial);
    }
  }

  private ClKernel kernel(String name) {
    return programs.kernel(SOURCE, "-DREDUCE_GROUP=" + group, name);
  }

  /** 64 lanes, or the largest power of two the device allows in a work-group when that is less. */
  private static int reduceGroup(long maxWorkGroupSize) {
    int lanes = 64;
    while (lanes > 1 && lanes > maxWorkGroupSize) {
      lanes /= 2;
    }
    return lanes;
  }
}
