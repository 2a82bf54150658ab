package dev.convoy.backends.reference;

import dev.convoy.api.ShapeException;
import dev.convoy.api.support.ArrayVolume;

/**
 * Matrix multiplication with plain loops and a double accumulator: the GEMM of {@code Backend}
 * and the building block of the im2col convolution.
 */
final class ReferenceGemm {
  private ReferenceGemm() {}

  /**
   * {@code c = alpha * op(a) * op(b) + beta * c} on row-major matrices stored in arrays, where
   * {@code op(a)} is {@code m x k}, {@code op(b)} is {@code k x n} and {@code c} is {@code m x n}.
   * {@code lda}, {@code ldb} and {@code ldc} are the row lengths of the matrices as stored (before
   * any transpose). With {@code beta == 0} the old {@code c} is never read, so NaN there is harmless.
   * {@code c} must not overlap {@code a} or {@code b}.
   */
  static void multiply(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double dot = 0;
        for (int p = 0; p < k; p++) {
          float aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
          float bpj = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
          dot += (double) aip * bpj;
        }
        int at = cOff + i * ldc + j;
        double old = beta == 0f ? 0.0 : (double) beta * c[at];
        c[at] = (float) (alpha * dot + old);
      }
    }
  }

  /** {@code Backend.gemm} on the matrix views of the volumes (rows = dim 0, columns = the rest). */
  static void gemm(boolean transA, boolean transB, float alpha, ArrayVolume a, ArrayVolume b,
      float beta, ArrayVolume c) {
    int aRows = a.shape().matrixRows();
    int aCols = a.shape().matrixColumns();
    int bRows = b.shape().matrixRows();
    int bCols = b.shape().matrixColumns();
    int m = transA ? aCols : aRows;
    int k = transA ? aRows : aCols;
    int kb = transB ? bCols : bRows;
    int n = transB ? bRows : bCols;
    if (k != kb) {
      throw new ShapeException("gemm: op(a) is " + m + "x" + k + " (a " + a.shape() + (transA ? " transposed" : "")
          + ") but op(b) is " + kb + "x" + n + " (b " + b.shape() + (transB ? " transposed" : "")
          + "); the inner dimensions must be equal");
    }
    if (c.shape().matrixRows() != m || c.shape().matrixColumns() != n) {
      throw new ShapeException("gemm: the product is " + m + "x" + n + " but c " + c.shape() + " is viewed as "
          + c.shape().matrixRows() + "x" + c.shape().matrixColumns());
    }
    multiply(transA, transB, m, n, k, alpha, a.array(), a.offset(), aCols, b.array(), b.offset(), bCols,
        beta, c.array(), c.offset(), n);
  }
}
