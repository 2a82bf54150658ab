package dev.convoy.optimizers;

import dev.convoy.api.ConvoyException;

/**
 * A step count as exported state: two float32 values, the low 24 bits and the rest, because one
 * float32 counts exactly only up to 2^24 (16.7 million) and Adam's bias correction needs the exact count.
 */
final class StepCount {
  private static final long LOW = 1L << 24;

  private StepCount() {}

  static float[] encode(long steps) {
    return new float[] {steps % LOW, steps / LOW};
  }

  static long decode(float[] values, String what) {
    if (values.length != 2 || !whole(values[0]) || !whole(values[1]) || values[0] >= LOW) {
      throw new ConvoyException(what + " is not a step count (two whole numbers, the low 24 bits and the rest)");
    }
    return (long) values[1] * LOW + (long) values[0];
  }

  private static boolean whole(float v) {
    return v >= 0 && v < LOW && v == Math.rint(v);
  }
}
