package dev.convoy.backends.opencl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An axis permutation reduced to the fewest axes that move the same values: axes of size 1 dropped,
 * and axes that stay neighbours, in order, merged into one. {@code [N, C, H, W]} by {@code [0, 2, 3, 1]}
 * becomes {@code [N, C, H*W]} by {@code [0, 2, 1]}; an identity becomes one axis, a plain copy.
 * Keeps the transpose kernel to a few axes, so its arguments stay a fixed, small set.
 *
 * @param xDims the dimensions of x after the reduction
 * @param perm axis {@code i} of y is axis {@code perm[i]} of x
 */
record OpenClLayoutPermutation(int[] xDims, int[] perm) {

  /** The reduction of permuting {@code xDims} by {@code perm} (already checked to be a permutation). */
  static OpenClLayoutPermutation reduce(int[] xDims, int[] perm) {
    // Axes of size 1 take no part in the order of the values.
    int[] renumbered = new int[xDims.length];
    List<Integer> kept = new ArrayList<>();
    for (int axis = 0; axis < xDims.length; axis++) {
      renumbered[axis] = xDims[axis] == 1 ? -1 : kept.size();
      if (xDims[axis] != 1) {
        kept.add(xDims[axis]);
      }
    }
    int[] order = Arrays.stream(perm).map(axis -> renumbered[axis]).filter(axis -> axis >= 0).toArray();
    // Runs of y's axes that are consecutive axes of x, each run as its first x axis and its length.
    List<int[]> runs = new ArrayList<>();
    for (int i = 0; i < order.length; i++) {
      if (i > 0 && order[i] == order[i - 1] + 1) {
        runs.getLast()[1]++;
      } else {
        runs.add(new int[] {order[i], 1});
      }
    }
    // The runs in x's order are the axes of the reduced x.
    List<int[]> inX = new ArrayList<>(runs);
    inX.sort((a, b) -> Integer.compare(a[0], b[0]));
    int[] dims = new int[inX.size()];
    for (int r = 0; r < inX.size(); r++) {
      int product = 1;
      for (int axis = inX.get(r)[0]; axis < inX.get(r)[0] + inX.get(r)[1]; axis++) {
        product *= kept.get(axis);
      }
      dims[r] = product;
    }
    int[] reduced = runs.stream().mapToInt(inX::indexOf).toArray();
    return new OpenClLayoutPermutation(dims, reduced);
  }

  int rank() {
    return xDims.length;
  }

  /** Whether the values keep their order: the transpose is a copy. */
  boolean isCopy() {
    return rank() <= 1;
  }

  /** y's dimensions. */
  int[] yDims() {
    int[] dims = new int[rank()];
    for (int i = 0; i < rank(); i++) {
      dims[i] = xDims[perm[i]];
    }
    return dims;
  }

  /** The step in x's storage for one step along each axis of y. */
  int[] steps() {
    int[] strides = new int[rank()];
    for (int axis = rank() - 1, stride = 1; axis >= 0; axis--) {
      strides[axis] = stride;
      stride *= xDims[axis];
    }
    int[] steps = new int[rank()];
    for (int i = 0; i < rank(); i++) {
      steps[i] = strides[perm[i]];
    }
    return steps;
  }
}
