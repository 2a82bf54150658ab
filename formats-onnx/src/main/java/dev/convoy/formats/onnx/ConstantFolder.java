package dev.convoy.formats.onnx;

import dev.convoy.api.ConvoyException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Evaluates an ONNX node whose inputs are all known at load time, so the shape arithmetic exporters
 * emit (Shape -> Gather -> Unsqueeze -> Concat -> Reshape) disappears before the network is built.
 * Results are capped at {@link ConstTensor#MAX_FOLDED_VALUES} values, checked before allocating.
 */
final class ConstantFolder {
  static final Set<String> OPS = Set.of("Identity", "Cast", "Gather", "Unsqueeze", "Squeeze", "Concat", "Slice",
      "ConstantOfShape", "Range", "Add", "Sub", "Mul", "Div", "Neg", "Reshape", "Flatten", "Transpose", "Dropout",
      "Sqrt", "Relu", "Floor", "Ceil", "Min", "Max");

  private ConstantFolder() {}

  /** The value of node {@code node} ({@code op}, opset {@code opset}) over constant {@code in} (nulls for omitted). */
  static ConstTensor fold(String node, String op, int opset, NodeAttributes at, List<ConstTensor> in) {
    return switch (op) {
      case "Identity", "Dropout" -> in.get(0);
      case "Cast" -> cast(node, in.get(0), at.getInt("to", 1));
      case "Gather" -> gather(node, in.get(0), in.get(1), at.getSmallInt("axis", 0));
      case "Unsqueeze" -> unsqueeze(node, in.get(0), opset >= 13 ? axesInput(node, in) : at.ints("axes"));
      case "Squeeze" -> squeeze(node, in.get(0), opset >= 13 ? axesInput(node, in) : at.ints("axes"));
      case "Concat" -> concat(node, in, at.getSmallInt("axis", 0));
      case "Slice" -> slice(node, opset, at, in);
      case "ConstantOfShape" -> constantOfShape(node, in.get(0), at);
      case "Range" -> range(node, in.get(0), in.get(1), in.get(2));
      case "Add", "Sub", "Mul", "Div", "Min", "Max" -> Broadcast.apply(node, op, in.get(0), in.get(1));
      case "Neg", "Sqrt", "Relu", "Floor", "Ceil" -> unary(op, in.get(0));
      case "Reshape" -> reshape(node, in.get(0), Shapes.reshapeTarget(node, dimsOf(in.get(0)), in.get(1).asLongs(),
          at.getInt("allowzero", 0) == 1));
      case "Flatten" -> flatten(node, in.get(0), at.getSmallInt("axis", 1));
      case "Transpose" -> transpose(node, in.get(0), at.smallInts("perm", -64, 64));
      default -> throw new ConvoyException(node + ": cannot evaluate " + op + " at load time");
    };
  }

  private static long[] dimsOf(ConstTensor t) {
    return t.dims();
  }

  private static long[] axesInput(String node, List<ConstTensor> in) {
    return in.size() > 1 && in.get(1) != null ? in.get(1).asLongs() : null;
  }

  static int axis(String node, long axis, int rank) {
    long a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) {
      throw new ConvoyException(node + ": axis " + axis + " is out of range for rank " + rank);
    }
    return (int) a;
  }

  private static ConstTensor cast(String node, ConstTensor x, long to) {
    return switch ((int) to) {
      case 1, 10, 11, 16 -> ConstTensor.ofFloats(x.dims(), x.asFloats());
      case 9 -> {
        long[] v = new long[x.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = x.get(i) != 0 ? 1 : 0;
        }
        yield ConstTensor.ofLongs(x.dims(), v);
      }
      case 2, 3, 4, 5, 6, 7, 12, 13 -> ConstTensor.ofLongs(x.dims(), x.asLongs());
      default -> throw new ConvoyException(node + ": Cast to data type " + to + " is not supported");
    };
  }

  private static ConstTensor gather(String node, ConstTensor data, ConstTensor indices, int axisAttr) {
    int axis = axis(node, axisAttr, data.rank());
    long[] d = data.dims();
    long outer = 1;
    for (int i = 0; i < axis; i++) {
      outer *= d[i];
    }
    long inner = 1;
    for (int i = axis + 1; i < d.length; i++) {
      inner *= d[i];
    }
    long[] outDims = new long[d.length - 1 + indices.rank()];
    System.arraycopy(d, 0, outDims, 0, axis);
    System.arraycopy(indices.dims(), 0, outDims, axis, indices.rank());
    System.arraycopy(d, axis + 1, outDims, axis + indices.rank(), d.length - axis - 1);
    int count = (int) ConstTensor.count(node, outDims);
    long[] idx = indices.asLongs();
    int at = 0;
    double[] out = new double[count];
    for (long o = 0; o < outer; o++) {
      for (long k : idx) {
        long j = k < 0 ? k + d[axis] : k;
        if (j < 0 || j >= d[axis]) {
          throw new ConvoyException(node + ": Gather index " + k + " is out of range for dimension " + d[axis]);
        }
        for (long i = 0; i < inner; i++) {
          out[at++] = data.get((int) ((o * d[axis] + j) * inner + i));
        }
      }
    }
    return like(data, outDims, out);
  }

  static ConstTensor like(ConstTensor kind, long[] dims, double[] values) {
    if (kind.isFloat()) {
      float[] f = new float[values.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) values[i];
      }
      return ConstTensor.ofFloats(dims, f);
    }
    long[] l = new long[values.length];
    for (int i = 0; i < l.length; i++) {
      l[i] = (long) values[i];
    }
    return ConstTensor.ofLongs(dims, l);
  }

  private static ConstTensor withDims(ConstTensor x, long[] dims) {
    return x.isFloat() ? ConstTensor.ofFloats(dims, x.floats()) : ConstTensor.ofLongs(dims, x.longs());
  }

  private static ConstTensor unsqueeze(String node, ConstTensor x, long[] axes) {
    if (axes == null) {
      throw new ConvoyException(node + ": Unsqueeze needs axes");
    }
    int rank = x.rank() + axes.length;
    boolean[] inserted = new boolean[rank];
    for (long a : axes) {
      int ax = axis(node, a, rank);
      if (inserted[ax]) {
        throw new ConvoyException(node + ": Unsqueeze axis " + a + " is given twice");
      }
      inserted[ax] = true;
    }
    long[] dims = new long[rank];
    for (int i = 0, j = 0; i < rank; i++) {
      dims[i] = inserted[i] ? 1 : x.dims()[j++];
    }
    return withDims(x, dims);
  }

  private static ConstTensor squeeze(String node, ConstTensor x, long[] axes) {
    boolean[] drop = new boolean[x.rank()];
    if (axes == null) {
      for (int i = 0; i < drop.length; i++) {
        drop[i] = x.dims()[i] == 1;
      }
    } else {
      for (long a : axes) {
        int ax = axis(node, a, x.rank());
        if (x.dims()[ax] != 1) {
          throw new ConvoyException(node + ": Squeeze axis " + a + " has size " + x.dims()[ax] + ", not 1");
        }
        drop[ax] = true;
      }
    }
    return withDims(x, Arrays.stream(range(x.rank())).filter(i -> !drop[i]).mapToLong(i -> x.dims()[i]).toArray());
  }

  private static int[] range(int n) {
    int[] r = new int[n];
    Arrays.setAll(r, i -> i);
    return r;
  }

  private static ConstTensor concat(String node, List<ConstTensor> in, int axisAttr) {
    ConstTensor first = in.get(0);
    int axis = axis(node, axisAttr, first.rank());
    long[] dims = first.dims().clone();
    dims[axis] = 0;
    boolean anyFloat = false;
    for (ConstTensor t : in) {
      if (t == null || t.rank() != first.rank()) {
        throw new ConvoyException(node + ": Concat inputs must all have rank " + first.rank());
      }
      for (int i = 0; i < dims.length; i++) {
        if (i != axis && t.dims()[i] != first.dims()[i]) {
          throw new ConvoyException(node + ": Concat inputs " + first + " and " + t + " differ off axis " + axis);
        }
      }
      dims[axis] += t.dims()[axis];
      anyFloat |= t.isFloat();
    }
    int count = (int) ConstTensor.count(node, dims);
    long outer = 1;
    for (int i = 0; i < axis; i++) {
      outer *= dims[i];
    }
    double[] out = new double[count];
    int at = 0;
    for (long o = 0; o < outer; o++) {
      for (ConstTensor t : in) {
        int block = (int) (t.size() / Math.max(outer, 1));
        for (int i = 0; i < block; i++) {
          out[at++] = t.get((int) (o * block + i));
        }
      }
    }
    return like(anyFloat ? ConstTensor.ofFloats(new long[0], new float[1]) : first, dims, out);
  }

  private static ConstTensor slice(String node, int opset, NodeAttributes at, List<ConstTensor> in) {
    ConstTensor x = in.get(0);
    long[] starts;
    long[] ends;
    long[] axes;
    long[] steps = null;
    if (opset < 10) {
      starts = at.ints("starts");
      ends = at.ints("ends");
      axes = at.ints("axes");
    } else {
      if (in.size() < 3 || in.get(1) == null || in.get(2) == null) {
        throw new ConvoyException(node + ": Slice needs starts and ends");
      }
      starts = in.get(1).asLongs();
      ends = in.get(2).asLongs();
      axes = in.size() > 3 && in.get(3) != null ? in.get(3).asLongs() : null;
      steps = in.size() > 4 && in.get(4) != null ? in.get(4).asLongs() : null;
    }
    if (starts == null || ends == null || starts.length != ends.length
        || (axes != null && axes.length != starts.length) || (steps != null && steps.length != starts.length)) {
      throw new ConvoyException(node + ": Slice's starts, ends, axes and steps must have the same length");
    }
    int rank = x.rank();
    long[] begin = new long[rank];
    long[] step = new long[rank];
    long[] outDims = x.dims().clone();
    Arrays.fill(step, 1);
    for (int i = 0; i < starts.length; i++) {
      int ax = axis(node, axes == null ? i : axes[i], rank);
      long dim = x.dims()[ax];
      long s = steps == null ? 1 : steps[i];
      if (s == 0) {
        throw new ConvoyException(node + ": Slice step must not be 0");
      }
      long b = clampIndex(starts[i], dim, s > 0 ? 0 : -1, s > 0 ? dim : dim - 1);
      long e = clampIndex(ends[i], dim, s > 0 ? 0 : -1, s > 0 ? dim : dim - 1);
      long n = s > 0 ? Math.max(0, (e - b + s - 1) / s) : Math.max(0, (b - e + (-s) - 1) / (-s));
      begin[ax] = b;
      step[ax] = s;
      outDims[ax] = n;
    }
    int count = (int) ConstTensor.count(node, outDims);
    double[] out = new double[count];
    long[] strides = new long[rank];
    for (int i = rank - 1, acc = 1; i >= 0; i--) {
      strides[i] = acc;
      acc *= (int) x.dims()[i];
    }
    long[] idx = new long[rank];
    for (int o = 0; o < count; o++) {
      long src = 0;
      for (int i = 0; i < rank; i++) {
        src += (begin[i] + idx[i] * step[i]) * strides[i];
      }
      out[o] = x.get((int) src);
      for (int i = rank - 1; i >= 0; i--) {
        if (++idx[i] < outDims[i]) {
          break;
        }
        idx[i] = 0;
      }
    }
    return like(x, outDims, out);
  }

  private static long clampIndex(long i, long dim, long low, long high) {
    long v = i < 0 ? i + dim : i;
    return Math.max(low, Math.min(high, v));
  }

  private static ConstTensor constantOfShape(String node, ConstTensor shape, NodeAttributes at) {
    long[] dims = shape.asLongs();
    int count = (int) ConstTensor.count(node, dims);
    ConstTensor value = at.has("value") ? TensorDecoder.decode(at.raw("value").getT(), node + " value") : null;
    if (value != null && value.size() != 1) {
      throw new ConvoyException(node + ": ConstantOfShape's value must hold one element");
    }
    double[] out = new double[count];
    Arrays.fill(out, value == null ? 0 : value.get(0));
    return like(value == null ? ConstTensor.ofFloats(new long[0], new float[1]) : value, dims, out);
  }

  private static ConstTensor range(String node, ConstTensor start, ConstTensor limit, ConstTensor delta) {
    double s = start.get(0);
    double d = delta.get(0);
    if (d == 0) {
      throw new ConvoyException(node + ": Range delta must not be 0");
    }
    double n = Math.max(0, Math.ceil((limit.get(0) - s) / d));
    long[] dims = {(long) Math.min(n, ConstTensor.MAX_FOLDED_VALUES + 1.0)};
    int count = (int) ConstTensor.count(node, dims);
    double[] out = new double[count];
    for (int i = 0; i < count; i++) {
      out[i] = s + i * d;
    }
    return like(start, dims, out);
  }

  private static ConstTensor unary(String op, ConstTensor x) {
    double[] out = new double[x.size()];
    for (int i = 0; i < out.length; i++) {
      double v = x.get(i);
      out[i] = switch (op) {
        case "Neg" -> -v;
        case "Sqrt" -> Math.sqrt(v);
        case "Relu" -> Math.max(0, v);
        case "Floor" -> Math.floor(v);
        default -> Math.ceil(v);
      };
    }
    return like(x, x.dims(), out);
  }

  private static ConstTensor reshape(String node, ConstTensor x, long[] dims) {
    return withDims(x, dims);
  }

  private static ConstTensor flatten(String node, ConstTensor x, int axisAttr) {
    int axis = axisAttr < 0 ? axisAttr + x.rank() : axisAttr;
    if (axis < 0 || axis > x.rank()) {
      throw new ConvoyException(node + ": Flatten axis " + axisAttr + " is out of range for rank " + x.rank());
    }
    long outer = 1;
    for (int i = 0; i < axis; i++) {
      outer *= x.dims()[i];
    }
    return withDims(x, new long[] {outer, x.size() / Math.max(outer, 1)});
  }

  private static ConstTensor transpose(String node, ConstTensor x, int[] permAttr) {
    int rank = x.rank();
    int[] perm = permAttr != null ? permAttr : range(rank);
    if (permAttr == null) {
      for (int i = 0; i < rank; i++) {
        perm[i] = rank - 1 - i;
      }
    }
    if (perm.length != rank || !Arrays.equals(Arrays.stream(perm).sorted().toArray(), range(rank))) {
      throw new ConvoyException(node + ": Transpose perm " + Arrays.toString(perm) + " is not a permutation of rank "
          + rank);
    }
    long[] outDims = new long[rank];
    for (int i = 0; i < rank; i++) {
      outDims[i] = x.dims()[perm[i]];
    }
    long[] strides = new long[rank];
    for (int i = rank - 1, acc = 1; i >= 0; i--) {
      strides[i] = acc;
      acc *= (int) x.dims()[i];
    }
    double[] out = new double[x.size()];
    long[] idx = new long[rank];
    for (int o = 0; o < out.length; o++) {
      long src = 0;
      for (int i = 0; i < rank; i++) {
        src += idx[i] * strides[perm[i]];
      }
      out[o] = x.get((int) src);
      for (int i = rank - 1; i >= 0; i--) {
        if (++idx[i] < outDims[i]) {
          break;
        }
        idx[i] = 0;
      }
    }
    return like(x, outDims, out);
  }
}
