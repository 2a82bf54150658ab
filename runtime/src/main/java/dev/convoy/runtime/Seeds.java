package dev.convoy.runtime;

/**
 * Derives independent seeds from the run's seed, so each parameter's initial values and each
 * node's dropout mask depend on the seed and their own identity only, not on what else the network holds.
 */
final class Seeds {
  private Seeds() {}

  /** SplitMix64's finaliser over the combined inputs: well spread even for seeds 1, 2, 3. */
  static long mix(long seed, long... salts) {
    long z = seed;
    for (long salt : salts) {
      z += 0x9E3779B97F4A7C15L + salt;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      z ^= z >>> 31;
    }
    return z;
  }

  static long of(String name) {
    return name.hashCode();
  }
}
