package dev.convoy.layers.core;

/** The index arithmetic of an axis permutation: {@code out.dim(i) = in.dim(perm[i])}. */
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
}
