package dev.convoy.backends.simd;

import java.util.ArrayDeque;

/**
 * Scratch arrays for one task at a time: packed GEMM panels, an edge tile, im2col columns and
 * pooling rows. Arrays only grow, so after the first call of a given size a kernel allocates
 * nothing. Workspaces live in a {@link Pool} that tasks borrow from and give back to.
 */
final class Workspace {
  private float[] packedA = new float[0];
  private float[] packedB = new float[0];
  private float[] tile = new float[0];
  private float[] columns = new float[0];
  private float[] weights = new float[0];
  private float[] rows = new float[0];
  private float[] phases = new float[0];
  private float[] product = new float[0];
  private float[] turned = new float[0];
  private int[] rowOffsets = new int[0];
  private int rowStride = -1;

  /** Room for a packed block of A. */
  float[] packedA(int size) {
    return packedA.length >= size ? packedA : (packedA = new float[size]);
  }

  /** Room for a packed block of B. */
  float[] packedB(int size) {
    return packedB.length >= size ? packedB : (packedB = new float[size]);
  }

  /** Room for one register tile that overhangs the edge of C. */
  float[] tile(int size) {
    return tile.length >= size ? tile : (tile = new float[size]);
  }

  /** Room for an im2col matrix. */
  float[] columns(int size) {
    return columns.length >= size ? columns : (columns = new float[size]);
  }

  /** Room for a whole packed filter bank, shared by the tasks of one convolution. */
  float[] weights(int size) {
    return weights.length >= size ? weights : (weights = new float[size]);
  }

  /** Room for an image in {@link PhaseLayout}. */
  float[] phases(int size) {
    return phases.length >= size ? phases : (phases = new float[size]);
  }

  /** Room for a GEMM result that is copied out afterwards. */
  float[] product(int size) {
    return product.length >= size ? product : (product = new float[size]);
  }

  /** Room for a filter bank turned round for the input gradient (see {@code SimdConv}). */
  float[] turned(int size) {
    return turned.length >= size ? turned : (turned = new float[size]);
  }

  /**
   * {@code 0, ld, 2*ld...}, at least {@code k} of them: where the rows of a stored matrix start,
   * for a GEMM that reads them in place. Kept while the stride stays the same, as it does from one
   * image or batch to the next.
   */
  int[] rowOffsets(int ld, int k) {
    if (ld != rowStride || rowOffsets.length < k) {
      rowOffsets = new int[k];
      for (int p = 0; p < k; p++) {
        rowOffsets[p] = p * ld;
      }
      rowStride = ld;
    }
    return rowOffsets;
  }

  /** Room for a few rows of a pooling plane. */
  float[] rows(int size) {
    return rows.length >= size ? rows : (rows = new float[size]);
  }

  /** Workspaces waiting to be borrowed; one per concurrently running task is ever made. */
  static final class Pool {
    private final ArrayDeque<Workspace> idle = new ArrayDeque<>();

    synchronized Workspace borrow() {
      Workspace w = idle.pollFirst();
      return w != null ? w : new Workspace();
    }

    synchronized void giveBack(Workspace w) {
      idle.addFirst(w);
    }

    synchronized void clear() {
      idle.clear();
    }
  }
}
