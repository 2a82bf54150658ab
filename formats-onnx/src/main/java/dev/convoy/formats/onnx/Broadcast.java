package dev.convoy.formats.onnx;

import dev.convoy.api.ConvoyException;
import java.util.Arrays;

/** Element-wise arithmetic on constants with NumPy broadcasting, integer or float as the inputs are. */
final class Broadcast {
  private Broadcast() {}

  static long[] shape(String node, long[] a, long[] b) {
    int rank = Math.max(a.length, b.length);
    long[] out = new long[rank];
    for (int i = 0; i < rank; i++) {
      long da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
      long db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
      if (da != db && da != 1 && db != 1) {
        throw new ConvoyException(node + ": shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
            + " do not broadcast");
      }
      out[i] = da == 1 ? db : da;
    }
    return out;
  }

  static ConstTensor apply(String node, String op, ConstTensor a, ConstTensor b) {
    long[] dims = shape(node, a.dims(), b.dims());
    int count = (int) ConstTensor.count(node, dims);
    boolean floats = a.isFloat() || b.isFloat();
    double[] out = new double[count];
    int rank = dims.length;
    long[] idx = new long[rank];
    for (int o = 0; o < count; o++) {
      double x = a.get(offset(idx, a.dims(), rank));
      double y = b.get(offset(idx, b.dims(), rank));
      out[o] = switch (op) {
        case "Add" -> x + y;
        case "Sub" -> x - y;
        case "Mul" -> x * y;
        case "Min" -> Math.min(x, y);
        case "Max" -> Math.max(x, y);
        default -> {
          if (!floats && y == 0) {
            throw new ConvoyException(node + ": integer division by zero");
          }
          yield floats ? x / y : (double) ((long) x / (long) y);
        }
      };
      for (int i = rank - 1; i >= 0; i--) {
        if (++idx[i] < dims[i]) {
          break;
        }
        idx[i] = 0;
      }
    }
    return ConstantFolder.like(floats ? ConstTensor.ofFloats(new long[0], new float[1]) : a, dims, out);
  }

  /** The flat index into a tensor of {@code dims} broadcast to the output index {@code idx}. */
  private static int offset(long[] idx, long[] dims, int rank) {
    long off = 0;
    int shift = rank - dims.length;
    for (int i = 0; i < dims.length; i++) {
      long d = dims[i];
      off = off * d + (d == 1 ? 0 : idx[i + shift]);
    }
    return (int) off;
  }
}
