package dev.convoy.backends.opencl;

/**
 * What a loss needs to know of values the host wrote into a volume: whether all are whole numbers
 * at least 0, and the largest. With it a loss checks its labels without reading the device.
 */
record HostValues(boolean wholeAndNonNegative, float max) {

  static HostValues of(float[] values) {
    boolean whole = true;
    float max = Float.NEGATIVE_INFINITY;
    for (float v : values) {
      // NaN fails both tests, so it is never taken for a class index.
      whole &= v >= 0f && v == Math.rint(v);
      max = Math.max(max, v);
    }
    return new HostValues(whole, max);
  }

  boolean areClassIndicesBelow(int classes) {
    return wholeAndNonNegative && max < classes;
  }
}
