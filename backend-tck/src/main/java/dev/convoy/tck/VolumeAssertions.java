package dev.convoy.tck;

import static org.junit.jupiter.api.Assertions.fail;

import dev.convoy.api.Volume;

/**
 * Tolerant comparison of float arrays with failure messages that say where and by how much:
 * the first bad index, expected, actual, the tolerance and how many values were off.
 */
public final class VolumeAssertions {
  private VolumeAssertions() {}

  /**
   * Asserts {@code |expected[i] - actual[i]| <= relTol * max(1e-3, max_i |expected[i]|)} for every
   * {@code i}: the tolerance scales with the largest expected magnitude, so sums of many terms get
   * room for float32 rounding while tiny values are not held to an impossible standard. NaN or an
   * infinity must match exactly.
   *
   * @param what what is compared, for the message (e.g. {@code "convForward y, stride 2"})
   */
  public static void assertClose(float[] expected, float[] actual, double relTol, String what) {
    assertClose(toDouble(expected), actual, relTol, what);
  }

  /** As {@link #assertClose(float[], float[], double, String)}, with expected values in double. */
  public static void assertClose(double[] expected, float[] actual, double relTol, String what) {
    if (expected.length != actual.length) {
      fail(what + ": expected " + expected.length + " values but got " + actual.length);
    }
    double scale = 1e-3;
    for (double e : expected) {
      if (Double.isFinite(e)) {
        scale = Math.max(scale, Math.abs(e));
      }
    }
    double tolerance = relTol * scale;
    int bad = 0;
    int first = -1;
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      double diff = Math.abs(expected[i] - actual[i]);
      boolean ok = Double.isFinite(expected[i])
          ? diff <= tolerance
          : Double.compare(expected[i], actual[i]) == 0 || Double.isNaN(expected[i]) && Float.isNaN(actual[i]);
      if (!ok) {
        bad++;
        if (first < 0) {
          first = i;
        }
        worst = Double.isNaN(diff) ? Double.NaN : Math.max(worst, diff);
      }
    }
    if (bad > 0) {
      fail(String.format(java.util.Locale.ROOT,
          "%s: %d of %d values differ; first at index %d: expected %s, actual %s (tolerance %.3g = %.1g x max"
              + " |expected| %.4g; largest difference %.3g)",
          what, bad, expected.length, first, expected[first], actual[first], tolerance, relTol, scale, worst));
    }
  }

  /** Compares a volume's values with {@code expected}, as {@link #assertClose(float[], float[], double, String)}. */
  public static void assertClose(float[] expected, Volume actual, double relTol, String what) {
    assertClose(expected, actual.toArray(), relTol, what);
  }

  /** Asserts that two arrays are equal bit for bit (NaN equals NaN), naming the first difference. */
  public static void assertExactly(float[] expected, float[] actual, String what) {
    if (expected.length != actual.length) {
      fail(what + ": expected " + expected.length + " values but got " + actual.length);
    }
    for (int i = 0; i < expected.length; i++) {
      if (Float.compare(expected[i], actual[i]) != 0) {
        fail(what + ": first difference at index " + i + ": expected " + expected[i] + ", actual " + actual[i]);
      }
    }
  }

  /** Asserts that no value is NaN: used after filling a destination with NaN to prove it was overwritten. */
  public static void assertNoNaN(float[] actual, String what) {
    for (int i = 0; i < actual.length; i++) {
      if (Float.isNaN(actual[i])) {
        fail(what + ": value " + i + " is still NaN, so the kernel did not overwrite its destination there");
      }
    }
  }

  private static double[] toDouble(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
