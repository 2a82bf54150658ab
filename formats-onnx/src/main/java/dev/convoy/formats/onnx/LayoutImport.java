package dev.convoy.formats.onnx;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.LayerSpec;
import java.util.Arrays;
import java.util.List;

/**
 * ONNX's layout operators on computed tensors: Flatten, Reshape, Squeeze, Unsqueeze and Transpose.
 * Convoy keeps the batch axis first, so each is accepted when it leaves axis 0 alone; it becomes
 * nothing (same shape), a {@code Flatten} ({@code [N, D]}), a {@code Reshape} (any other shape, or a
 * Transpose that only moves axes of size 1) or a {@code Transpose}.
 */
final class LayoutImport {
  private final GraphImport graph;

  LayoutImport(GraphImport graph) {
    this.graph = graph;
  }

  Value flatten(String out, String where, int axis, Value.Live x) {
    int rank = x.shape().rank();
    if (axis != 1 && axis != 1 - rank) {
      throw new ConvoyException(where + ": Flatten with axis " + axis + " is not supported (only axis 1)");
    }
    return rank == 2 ? x : graph.add(out, LayerSpec.of("Flatten"), List.of(x));
  }

  Value reshape(String out, String where, Value.Live x, long[] target, boolean allowZero) {
    long perItem = x.shape().sizePerItem();
    if (target.length == 2 && (target[1] == perItem || (target[1] == -1 && target[0] != -1))) {
      return flatten(out, where, 1, x); // the usual flatten before FC, whatever the batch
    }
    long[] resolved = Shapes.reshapeTarget(where, dims(x), target, allowZero);
    if (resolved.length < 2 || resolved[0] != x.shape().n()) {
      String to = Arrays.equals(target, resolved) ? Arrays.toString(target)
          : Arrays.toString(target) + " (= " + Arrays.toString(resolved) + ")";
      throw new ConvoyException(where + ": Reshape of " + x.shape() + " to " + to + " is not supported: Convoy keeps"
          + " the batch axis first, so the target must be [N, ...] with at least 2 axes (N, 0 or -1 first, here"
          + " N = " + x.shape().n() + ")");
    }
    return itemReshape(out, x, resolved);
  }

  /** Squeeze ({@code squeeze}) or Unsqueeze of the given axes; null axes squeeze every size-1 axis but the batch. */
  Value squeezeOrUnsqueeze(String out, String where, boolean squeeze, Value.Live x, long[] axes) {
    long[] in = dims(x);
    long[] result;
    if (squeeze) {
      boolean[] drop = new boolean[in.length];
      if (axes == null) {
        for (int i = 1; i < in.length; i++) {
          drop[i] = in[i] == 1;
        }
      } else {
        for (long a : axes) {
          int axis = ConstantFolder.axis(where, a, in.length);
          if (in[axis] != 1) {
            throw new ConvoyException(where + ": Squeeze axis " + a + " of " + x.shape() + " has size " + in[axis]
                + ", not 1");
          }
          drop[axis] = true;
        }
      }
      if (drop[0]) {
        throw new ConvoyException(where + ": Squeeze of axis 0 of " + x.shape() + " is not supported: it is the"
            + " batch axis, which Convoy keeps first");
      }
      result = java.util.stream.IntStream.range(0, in.length).filter(i -> !drop[i]).mapToLong(i -> in[i]).toArray();
    } else {
      if (axes == null || axes.length == 0) {
        throw new ConvoyException(where + ": Unsqueeze needs axes");
      }
      int rank = in.length + axes.length;
      boolean[] inserted = new boolean[rank];
      for (long a : axes) {
        int axis = ConstantFolder.axis(where, a, rank);
        if (inserted[axis]) {
          throw new ConvoyException(where + ": Unsqueeze axis " + a + " is given twice");
        }
        inserted[axis] = true;
      }
      if (inserted[0]) {
        throw new ConvoyException(where + ": Unsqueeze at axis 0 of " + x.shape() + " is not supported: Convoy"
            + " keeps the batch axis first");
      }
      result = new long[rank];
      for (int i = 0, j = 0; i < rank; i++) {
        result[i] = inserted[i] ? 1 : in[j++];
      }
    }
    if (result.length < 2) {
      throw new ConvoyException(where + ": the result of " + (squeeze ? "Squeeze" : "Unsqueeze") + " of " + x.shape()
          + " would be " + Arrays.toString(result) + "; Convoy needs [N, ...] with at least 2 axes here");
    }
    return itemReshape(out, x, result);
  }

  /** Transpose by {@code permAttr} (null: reverse the axes, as ONNX's default). */
  Value transpose(String out, String where, Value.Live x, int[] permAttr) {
    int rank = x.shape().rank();
    int[] perm = permAttr != null ? permAttr.clone() : new int[rank];
    if (permAttr == null) {
      Arrays.setAll(perm, i -> rank - 1 - i);
    }
    int[] sorted = perm.clone();
    Arrays.sort(sorted);
    int[] identity = new int[rank];
    Arrays.setAll(identity, i -> i);
    if (!Arrays.equals(sorted, identity)) {
      throw new ConvoyException(where + ": Transpose perm " + Arrays.toString(perm) + " is not a permutation of the "
          + rank + " axes of " + x.shape());
    }
    if (perm[0] != 0) {
      throw new ConvoyException(where + ": Transpose perm " + Arrays.toString(perm) + " of " + x.shape() + " is not"
          + " supported: it moves the batch axis, which Convoy keeps first (perm[0] must be 0)");
    }
    if (Arrays.equals(perm, identity)) {
      return x;
    }
    long[] in = dims(x);
    long[] result = new long[rank];
    for (int i = 0; i < rank; i++) {
      result[i] = in[perm[i]];
    }
    return keepsOrder(in, perm) ? itemReshape(out, x, result)
        : graph.add(out, LayerSpec.of("Transpose").with("perm", perm), List.of(x));
  }

  /** Whether the axes longer than 1 keep their relative order, so the values keep theirs (a reshape). */
  private static boolean keepsOrder(long[] dims, int[] perm) {
    int last = -1;
    for (int axis : perm) {
      if (dims[axis] != 1) {
        if (axis < last) {
          return false;
        }
        last = axis;
      }
    }
    return true;
  }

  /** {@code x} as {@code [N, result...]}: nothing, a Flatten or a Reshape; {@code result[0]} is the batch. */
  private Value itemReshape(String out, Value.Live x, long[] result) {
    if (Arrays.equals(result, dims(x))) {
      return x;
    }
    if (result.length == 2) {
      return graph.add(out, LayerSpec.of("Flatten"), List.of(x));
    }
    int[] item = new int[result.length - 1];
    for (int i = 1; i < result.length; i++) {
      item[i - 1] = Math.toIntExact(result[i]);
    }
    return graph.add(out, LayerSpec.of("Reshape").with("shape", item), List.of(x));
  }

  private static long[] dims(Value.Live x) {
    return Arrays.stream(x.shape().dims()).asLongStream().toArray();
  }
}
