package dev.convoy.formats.proto;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.Shape;
import java.util.List;

/** Dimensions read from a file, checked before they become a {@link Shape}. */
final class Dims {
  private Dims() {}

  /** The largest number of values one Java array (and so one volume) can hold. */
  static final long MAX_VALUES = Integer.MAX_VALUE - 8;

  /** Fails, naming {@code owner}, on a negative dimension or a product beyond one array. */
  static Shape shape(List<Integer> dims, String owner) {
    valueCount(dims, owner);
    return Shape.of(dims.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * The product of {@code dims}, checked to fit one array even with a zero dimension made one
   * (a batch of 0 rebuilt for batch 1 must still fit).
   */
  static long valueCount(List<Integer> dims, String owner) {
    long bound = 1;
    long product = 1;
    for (int d : dims) {
      if (d < 0) {
        throw new ConvoyException(owner + " has a negative dimension in " + dims);
      }
      int atLeastOne = Math.max(d, 1);
      if (bound > MAX_VALUES / atLeastOne) {
        throw new ConvoyException(owner + " has dimensions " + dims + " whose product exceeds " + MAX_VALUES
            + " values, the most one tensor can hold");
      }
      bound *= atLeastOne;
      product *= d;
    }
    return product;
  }
}
