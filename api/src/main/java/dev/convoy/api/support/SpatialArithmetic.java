package dev.convoy.api.support;

import dev.convoy.api.ShapeException;

/**
 * The output-size formula of CONV and POOL, {@code (W - F + 2P)/S + 1}, in one place, failing with
 * the notes' arithmetic spelled out, e.g. {@code conv1: (W - F + 2P)/S + 1 = (10 - 3 + 0)/2 + 1 =
 * 4.5 is not an integer}.
 */
public final class SpatialArithmetic {
  private SpatialArithmetic() {}

  /**
   * One spatial axis's output size.
   *
   * @param layer node name for messages
   * @param axis {@code "W"} or {@code "H"}
   * @param in input size
   * @param kernel filter extent F before dilation
   * @param stride S
   * @param padBefore padding before (left or top)
   * @param padAfter padding after (right or bottom)
   * @param dilation 1 for an ordinary filter (PyTorch/ONNX convention)
   */
  public static int outputSize(String layer, String axis, int in, int kernel, int stride,
      int padBefore, int padAfter, int dilation, Rounding rounding) {
    if (kernel <= 0 || stride <= 0 || dilation <= 0 || padBefore < 0 || padAfter < 0) {
      throw new ShapeException(layer + ": kernel, stride and dilation must be positive and padding"
          + " non-negative (F=" + kernel + ", S=" + stride + ", dilation=" + dilation + ", P="
          + padBefore + "/" + padAfter + ")");
    }
    int effective = dilation * (kernel - 1) + 1;
    long span = (long) in + padBefore + padAfter - effective;
    String formula = formula(axis, in, kernel, effective, dilation, stride, padBefore, padAfter, span);
    if (span < 0) {
      throw new ShapeException(layer + ": the " + effective + "-wide window does not fit the padded input on "
          + axis + ": " + formula + " < 1");
    }
    long whole = span / stride;
    long rest = span % stride;
    if (rest == 0 || rounding == Rounding.FLOOR) {
      return (int) whole + 1;
    }
    if (rounding == Rounding.CEIL) {
      int out = (int) whole + 2;
      // PyTorch's rule: the last window must start inside the input or its leading padding.
      if ((long) (out - 1) * stride >= (long) in + padBefore) {
        out--;
      }
      return out;
    }
    String value = new java.math.BigDecimal(span).divide(new java.math.BigDecimal(stride),
        6, java.math.RoundingMode.HALF_UP).add(java.math.BigDecimal.ONE).stripTrailingZeros().toPlainString();
    throw new ShapeException(layer + ": " + formula + " = " + value + " is not an integer;"
        + " change F, S or P so it divides evenly, or set round=floor to drop the leftover as PyTorch does");
  }

  private static String formula(String axis, int in, int kernel, int effective, int dilation, int stride,
      int padBefore, int padAfter, long span) {
    String kernelText = dilation == 1 ? String.valueOf(kernel) : String.valueOf(effective);
    String dilated = dilation == 1 ? "" : " with dilated F = " + dilation + "*(" + kernel + " - 1) + 1";
    if (padBefore == padAfter) {
      return "(" + axis + " - F + 2P)/S + 1 = (" + in + " - " + kernelText + " + " + (2 * padBefore) + ")/"
          + stride + " + 1" + dilated;
    }
    return "(" + axis + " - F + P1 + P2)/S + 1 = (" + in + " - " + kernelText + " + " + padBefore + " + "
        + padAfter + ")/" + stride + " + 1" + dilated;
  }
}
