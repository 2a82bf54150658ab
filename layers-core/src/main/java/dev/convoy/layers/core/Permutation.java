package dev.convoy.layers.core;

/** Row-major array arithmetic of an axis permutation: {@code out.dim(i) = in.dim(perm[i])}. */
final class Permutation {
  private Permutation() {}

  /** The dimensions {@code dims} take after permuting by {@code perm}. */
  static int[] apply(int[] dims, int[] perm) {
    int[] out = new int[perm.length];
    for (int i = 0; i < perm.length; i++) {
      out[i] = dims[perm[i]];
    }
    return out;
  }

  /** The permutation that undoes {@code perm}. */
  static int[] inverse(int[] perm) {
    int[] inv = new int[perm.length];
    for (int i = 0; i < perm.length; i++) {
      inv[perm[i]] = i;
    }
    return inv;
  }

  /** The values of a row-major tensor of {@code dims} with its axes permuted by {@code perm}. */
  static float[] permute(float[] values, int[] dims, int[] perm) {
    int rank = dims.length;
    int[] outDims = apply(dims, perm);
    int[] inStrides = new int[rank];
    for (int i = rank - 1, stride = 1; i >= 0; i--) {
      inStrides[i] = stride;
      stride *= dims[i];
    }
    // The input stride of each output axis, so the walk below is one odometer over the output.
    int[] strides = apply(inStrides, perm);
    float[] out = new float[values.length];
    int[] index = new int[rank];
    int src = 0;
    for (int o = 0; o < out.length; o++) {
      out[o] = values[src];
      for (int axis = rank - 1; axis >= 0; axis--) {
        src += strides[axis];
        if (++index[axis] < outDims[axis]) {
          break;
        }
        src -= strides[axis] * outDims[axis];
        index[axis] = 0;
      }
    }
    return out;
  }
}
