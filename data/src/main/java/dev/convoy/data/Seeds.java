package dev.convoy.data;

/**
 * Derives independent pseudo-random values from a seed and some coordinates (epoch, image index)
 * with the SplitMix64 finaliser, so the same inputs give the same value without any state to carry
 * between batches, whatever the batch size or the order images are visited in.
 */
final class Seeds {
  private Seeds() {}

  static long derive(long seed, long... coordinates) {
    long h = mix(seed);
    for (long c : coordinates) {
      h = mix(h ^ (c + 0x9E3779B97F4A7C15L));
    }
    return h;
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
