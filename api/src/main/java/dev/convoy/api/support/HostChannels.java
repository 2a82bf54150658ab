package dev.convoy.api.support;

import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;

/** The default, host-side {@code copyChannels} kernel of {@link dev.convoy.api.Backend}. */
public final class HostChannels {
  private HostChannels() {}

  /**
   * Copies channels {@code [srcChannel, srcChannel + channels)} of every item and position of
   * {@code src} into channels {@code [dstChannel, dstChannel + channels)} of {@code dst}; the other
   * channels of {@code dst} keep their values.
   */
  public static void copyChannels(Volume src, int srcChannel, Volume dst, int dstChannel, int channels) {
    ChannelLayout s = ChannelLayout.of(src.shape(), "copyChannels src");
    ChannelLayout d = ChannelLayout.of(dst.shape(), "copyChannels dst");
    if (s.items() != d.items() || s.inner() != d.inner()) {
      throw new ShapeException("copyChannels: src " + src.shape() + " and dst " + dst.shape()
          + " must agree in every dimension but the channels (1)");
    }
    if (channels < 0 || srcChannel < 0 || dstChannel < 0 || srcChannel + channels > s.channels()
        || dstChannel + channels > d.channels()) {
      throw new ShapeException("copyChannels: " + channels + " channels from " + srcChannel + " of src "
          + src.shape() + " to " + dstChannel + " of dst " + dst.shape() + " run outside a volume");
    }
    float[] from = src.toArray();
    float[] to = dst.toArray();
    for (int n = 0; n < s.items(); n++) {
      System.arraycopy(from, s.index(n, srcChannel, 0), to, d.index(n, dstChannel, 0), channels * s.inner());
    }
    dst.write(to);
  }
}
