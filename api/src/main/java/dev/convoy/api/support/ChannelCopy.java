package dev.convoy.api.support;

import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;

/**
 * The two volumes of a {@code LayoutKernels.copyChannels} call as {@code [N, C, inner]}, checked
 * once for every backend: the same items and inner size, and a channel range inside both.
 */
public record ChannelCopy(ChannelLayout src, ChannelLayout dst) {

  /** The layouts of {@code src} and {@code dst}, or a {@link ShapeException} naming what does not fit. */
  public static ChannelCopy of(Shape src, int srcChannel, Shape dst, int dstChannel, int channels) {
    ChannelLayout s = ChannelLayout.of(src, "copyChannels src");
    ChannelLayout d = ChannelLayout.of(dst, "copyChannels dst");
    if (s.items() != d.items() || s.inner() != d.inner()) {
      throw new ShapeException("copyChannels: src " + src + " and dst " + dst
          + " must agree in every dimension but the channels (1)");
    }
    if (channels < 0 || srcChannel < 0 || dstChannel < 0 || srcChannel + channels > s.channels()
        || dstChannel + channels > d.channels()) {
      throw new ShapeException("copyChannels: " + channels + " channels from " + srcChannel + " of src "
          + src + " to " + dstChannel + " of dst " + dst + " run outside a volume");
    }
    return new ChannelCopy(s, d);
  }
}
