package dev.convoy.backends.opencl;

/**
 * How the kernels of {@code conv.cl} tile one matrix product: a work-group of {@code rtm x rtn}
 * work-items computes a {@code tm() x tn()} tile, each work-item {@code wpm x wpn} values of it.
 * The tile's height follows the product's row count (filters or input channels per group, often
 * small: 20 in LeNet's first layer, 1 in a depthwise one), so few rows are computed for nothing;
 * its width is 64 columns. As in {@link OpenClGemm}: on a CPU device 2 x 2 work-items (fewer rows
 * for thin tiles) of neighbouring values, which PoCL vectorizes; on a GPU 16 x 16 work-items or
 * fewer, 4 x 4 values each (8 x 8 where a device runs fewer than 256 in a group).
 */
record OpenClConvolutionTiles(int rtm, int wpm, int rtn, int wpn, boolean contiguous) {
  /** Reduction steps staged in local memory at a time. */
  static final int TK = 16;
  private static final int WIDTH = 64;

  /** The tiling for a product of {@code rows} rows on {@code device}. */
  static OpenClConvolutionTiles forRows(DeviceInfo device, int rows) {
    int tm = rows <= 4 ? 4 : rows <= 8 ? 8 : rows <= 16 ? 16 : rows <= 32 ? 32 : 64;
    if (device.kind() == DeviceInfo.Kind.CPU) {
      int rtm = tm >= 8 ? 2 : 1;
      return new OpenClConvolutionTiles(rtm, tm / rtm, 2, WIDTH / 2, true);
    }
    int values = device.maxWorkGroupSize() >= 256 ? 4 : 8;
    int rtm = Math.max(1, tm / values);
    return new OpenClConvolutionTiles(rtm, tm / rtm, WIDTH / values, values, false);
  }

  int tm() {
    return rtm * wpm;
  }

  int tn() {
    return rtn * wpn;
  }

  /** The {@code -D} constants of this tiling. */
  String options() {
    return "-DRTM=" + rtm + " -DWPM=" + wpm + " -DRTN=" + rtn + " -DWPN=" + wpn + " -DTK=" + TK
        + (contiguous ? " -DCONTIGUOUS" : "");
  }

  /** Work-groups along each axis for a product of {@code rows x columns}, {@code depth} times. */
  long tileCount(int rows, int columns, int depth) {
    return groups(columns, tn()) * groups(rows, tm()) * depth;
  }

  /** The global size of a launch over a product of {@code rows x columns}, {@code depth} times (axis 2). */
  long[] global(int rows, int columns, int depth) {
    return new long[] {groups(columns, tn()) * rtn, groups(rows, tm()) * rtm, depth};
  }

  /** The work-group size every launch uses (the kernels require it). */
  long[] local() {
    return new long[] {rtn, rtm, 1};
  }

  private static long groups(int extent, int tile) {
    return (extent + tile - 1) / tile;
  }
}
