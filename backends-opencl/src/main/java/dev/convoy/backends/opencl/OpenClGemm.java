package dev.convoy.backends.opencl;

import dev.convoy.api.Shape;
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
    int aCols = cols(a.shape());
    int bCols = cols(b.shape());
    int m = transA ? aCols : rows(a.shape());
    int k = transA ? rows(a.shape()) : aCols;
    int kb = transB ? bCols : rows(b.shape());
    int n = transB ? rows(b.shape()) : bCols;
    if (k != kb) {
      throw new ShapeException("gemm: op(a) is " + m + "x" + k + " (a " + a.shape() + (transA ? " transposed" : "")
          + ") but op(b) is " + kb + "x" + n + " (b " + b.shape() + (transB ? " transposed" : "")
          + "); the inner dimensions must be equal");
    }
    if (rows(c.shape()) != m || cols(c.shape()) != n) {
      throw new ShapeException("gemm: the product is " + m + "x" + n + " but c " + c.shape() + " is viewed as "
          + rows(c.shape()) + "x" + cols(c.shape()));
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

  /** Rows of the matrix view: dimension 0 (1 for a rank-0 volume). */
  static int rows(Shape s) {
    return s.rank() == 0 ? 1 : s.dim(0);
  }

  /** Columns of the matrix view: the product of every dimension after the first. */
  static int cols(Shape s) {
    int product = 1;
    for (int axis = 1; axis < s.rank(); axis++) {
      product *= s.dim(axis);
    }
    return product;
  }
}
