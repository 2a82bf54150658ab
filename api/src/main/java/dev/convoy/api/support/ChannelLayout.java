package dev.convoy.api.support;

import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;

/**
 * A volume of rank 2 or more seen as {@code [items, channels, inner]}: dimension 0, dimension 1
 * and the product of the rest ({@code H*W} for NCHW, 1 for {@code [N, C]}). Per-channel kernels
 * (batch normalization, channel concatenation, local response normalization) work on this view.
 */
public record ChannelLayout(int items, int channels, int inner) {

  /** The layout of {@code shape}; {@code role} names the volume in the error for a rank below 2. */
  public static ChannelLayout of(Shape shape, String role) {
    if (shape.rank() < 2) {
      throw new ShapeException(role + " has shape " + shape + "; a per-channel kernel needs at least [N, C]");
    }
    int inner = 1;
    for (int axis = 2; axis < shape.rank(); axis++) {
      inner *= shape.dim(axis);
    }
    return new ChannelLayout(shape.dim(0), shape.dim(1), inner);
  }

  /** Values per channel over the whole batch: {@code items * inner}, what a batch statistic averages. */
  public int perChannel() {
    return items * inner;
  }

  /** The flat index of {@code (item, channel, position)}. */
  public int index(int item, int channel, int position) {
    return (item * channels + channel) * inner + position;
  }
}
