package dev.convoy.backends.opencl;

import dev.convoy.api.ShapeException;

/**
 * {@code Backend.gemm} on the device: the shapes seen as matrices (rows = dimension 0, columns =
 * the rest), then one launch of the tiled kernel of {@code gemm.cl} for the transpose case. A
 * work-group computes a 64 x 64 tile of C: on a GPU 16 x 16 work-items of 4 x 4 values each (8 x 8
 * of 8 x 8 where the device cannot run 256 in a group); on a CPU device 2 x 2 work-items of 32 x 32
 * neighbouring values, which PoCL runs about four times as fast (44 against 11 GFLOP/s for SGEMM
 * 1024^3 on two cores).
 */
final class OpenClGemm {
  private static final String SOURCE = "gemm.cl";
  private static final int TK = 16;

  private final Programs programs;
  /** Work-items per tile side. */
  private final int rts;
  /** Values per work-item and tile side. */
  private final int wpt;
  private final String options;

  OpenClGemm(Programs programs, DeviceInfo device) {
    this.programs = programs;
    boolean cpu = device.kind() == DeviceInfo.Kind.CPU;
    this.rts = cpu ? 2 : device.maxWorkGroupSize() >= 256 ? 16 : 8;
    this.wpt = 64 / rts;
    this.options = "-DRTS=" + rts + " -DWPT=" + wpt + " -DTK=" + TK + (cpu ? " -DCONTIGUOUS" : "");
  }

  void gemm(boolean transA, boolean transB, float alpha, OpenClVolume a, OpenClVolume b, float beta,
      OpenClVolume c) {
    int aCols = a.shape().matrixColumns();
    int bCols = b.shape().matrixColumns();
    int m = transA ? aCols : a.shape().matrixRows();
    int k = transA ? a.shape().matrixRows() : aCols;
    int kb = transB ? bCols : b.shape().matrixRows();
    int n = transB ? b.shape().matrixRows() : bCols;
    if (k != kb) {
      throw new ShapeException("gemm: op(a) is " + m + "x" + k + " (a " + a.shape() + (transA ? " transposed" : "")
          + ") but op(b) is " + kb + "x" + n + " (b " + b.shape() + (transB ? " transposed" : "")
          + "); the inner dimensions must be equal");
    }
    if (c.shape().matrixRows() != m || c.shape().matrixColumns() != n) {
      throw new ShapeException("gemm: the product is " + m + "x" + n + " but c " + c.shape() + " is viewed as "
          + c.shape().matrixRows() + "x" + c.shape().matrixColumns());
    }
    int tile = rts * wpt;
    String kernel = "gemm_" + (transA ? "t" : "n") + (transB ? "t" : "n");
    programs.kernel(SOURCE, options, kernel).call()
        .arg(m).arg(n).arg(k).arg(alpha).arg(a.mem()).arg(aCols).arg(b.mem()).arg(bCols).arg(beta).arg(c.mem())
        .launch(new long[] {groups(n, tile) * rts, groups(m, tile) * rts}, new long[] {rts, rts});
  }

  private static long groups(int extent, int tile) {
    return (extent + tile - 1) / tile;
  }
}
