package dev.convoy.formats.onnx;

import dev.convoy.api.ConvoyException;
import java.util.Arrays;

/**
 * A tensor known at load time (an initializer, a Constant, or a folded node): its dims and either
 * float values or integer values (int64, and every narrower integer and bool type). Row-major.
 */
record ConstTensor(long[] dims, float[] floats, long[] longs) {

  /** The most values a folded tensor may hold; larger ones would mean a malicious or broken file. */
  static final long MAX_FOLDED_VALUES = 1L << 26;

  /** The most values a stored tensor may hold: a Java array's limit (its data is checked too). */
  static final long MAX_STORED_VALUES = Integer.MAX_VALUE - 16;

  static ConstTensor ofFloats(long[] dims, float[] values) {
    return new ConstTensor(dims.clone(), values, null);
  }

  static ConstTensor ofLongs(long[] dims, long[] values) {
    return new ConstTensor(dims.clone(), null, values);
  }

  static ConstTensor scalar(long value) {
    return ofLongs(new long[0], new long[] {value});
  }

  boolean isFloat() {
    return floats != null;
  }

  int rank() {
    return dims.length;
  }

  int size() {
    return isFloat() ? floats.length : longs.length;
  }

  double get(int i) {
    return isFloat() ? floats[i] : longs[i];
  }

  long longAt(int i) {
    return isFloat() ? (long) floats[i] : longs[i];
  }

  /** Every value as a long (floats truncated), e.g. for shapes and axes. */
  long[] asLongs() {
    if (!isFloat()) {
      return longs.clone();
    }
    long[] out = new long[floats.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (long) floats[i];
    }
    return out;
  }

  float[] asFloats() {
    if (isFloat()) {
      return floats.clone();
    }
    float[] out = new float[longs.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = longs[i];
    }
    return out;
  }

  /** The element count of {@code dims}, refusing negative dims and overflow, naming {@code what}. */
  static long count(String what, long[] dims) {
    return count(what, dims, MAX_FOLDED_VALUES);
  }

  /** As {@link #count(String, long[])} with another cap, e.g. a Java array's for stored weights. */
  static long count(String what, long[] dims, long max) {
    long n = 1;
    for (long d : dims) {
      if (d < 0) {
        throw new ConvoyException(what + " has a negative dimension in " + Arrays.toString(dims));
      }
      if (d != 0 && n > max / d) {
        throw new ConvoyException(what + " has dims " + Arrays.toString(dims) + " holding more than "
            + max + " values; the file is corrupt or the tensor too large to load");
      }
      n *= d;
    }
    return n;
  }

  @Override
  public String toString() {
    return (isFloat() ? "float" : "int") + Arrays.toString(dims);
  }
}
