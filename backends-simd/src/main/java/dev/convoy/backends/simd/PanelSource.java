package dev.convoy.backends.simd;

/**
 * Where {@link BlockedGemm} gets its operands from: something that can copy a block of
 * {@code op(A)} or {@code op(B)} into the packed panel layout the micro-kernel reads. A source may
 * be a stored matrix (transposed or not) or a matrix that is never stored, such as the im2col
 * matrix of an image, which is then made block by block right where the GEMM needs it.
 */
final class PanelSource {
  private PanelSource() {}

  /**
   * {@code op(A)}, an {@code m x k} matrix, packed in panels of {@code mr} rows: panel {@code r}
   * (rows {@code i0 + r*mr ...}) starts at {@code dstOff + r*mr*kc} and holds, for each of the
   * {@code kc} columns in turn, its {@code mr} values; rows past {@code mc} are zeros.
   */
  interface A {
    void pack(int i0, int mc, int k0, int kc, int mr, float[] dst, int dstOff);

    /** A packed copy of the whole matrix made beforehand, or null: see {@link Prepacked}. */
    default Prepacked prepacked() {
      return null;
    }
  }

  /**
   * {@code op(B)}, a {@code k x n} matrix, packed in panels of {@code nr} columns: panel {@code q}
   * (columns {@code j0 + q*nr ...}) starts at {@code dstOff + q*nr*kc} and holds, for each of the
   * {@code kc} rows in turn, its {@code nr} values; columns past {@code nc} are zeros.
   */
  interface B {
    void pack(int k0, int kc, int j0, int nc, int nr, float[] dst, int dstOff);

    /** The stored row-major matrix behind this operand, for reading its rows in place, or null. */
    default Stored stored() {
      return null;
    }
  }

  /**
   * A stored, not transposed, row-major {@code op(B)}: row {@code p} starts at {@code offset + p*ld},
   * so a panel's rows can be read where they are ({@link Kernels#convTile}, with {@link
   * Workspace#rowOffsets}) instead of copied.
   */
  record Stored(float[] data, int offset, int ld) {}

  /**
   * All of {@code op(A)} packed once, k block by k block ({@code blockDepth} deep), so that a
   * filter bank used for every image of a batch is packed once per call instead of once per image.
   * The block at {@code (i0, k0)} starts at {@code k0 * paddedRows + i0 * kc}.
   */
  record Prepacked(float[] data, int offset, int rows, int depth, int mr, int blockDepth, int bankRows,
      int firstRow) {
    /** All {@code rows} of a packed bank. */
    Prepacked(float[] data, int offset, int rows, int depth, int mr, int blockDepth) {
      this(data, offset, rows, depth, mr, blockDepth, rows, 0);
    }

    /** Rows of the whole bank rounded up to whole tiles: the stride from one k block's rows to the next. */
    int paddedRows() {
      return (bankRows + mr - 1) / mr * mr;
    }

    /** Floats needed for {@code rows x depth} packed with tile height {@code mr}. */
    static int size(int rows, int depth, int mr) {
      return (rows + mr - 1) / mr * mr * depth;
    }

    /** Packs all of {@code source} ({@code rows x depth}) into {@code data} at {@code offset}. */
    static Prepacked of(A source, int rows, int depth, int mr, int blockDepth, float[] data, int offset) {
      Prepacked p = new Prepacked(data, offset, rows, depth, mr, blockDepth);
      p.packRows(source, 0, rows);
      return p;
    }

    /**
     * Packs rows {@code [i0, i1)} of {@code source} ({@code i0} a multiple of mr) into their place
     * in this bank, every k block: tasks packing disjoint rows can share one bank.
     */
    void packRows(A source, int i0, int i1) {
      for (int k0 = 0; k0 < depth; k0 += blockDepth) {
        source.pack(i0, i1 - i0, k0, Math.min(blockDepth, depth - k0), mr, data, blockOffset(i0, k0));
      }
    }

    /**
     * Rows {@code [from, from + count)} of this bank, read in place: {@code from} a multiple of mr,
     * so that tasks can split the rows of one product between them.
     */
    Prepacked rows(int from, int count) {
      if (from % mr != 0 || from < 0 || from + count > rows) {
        throw new IllegalArgumentException("rows " + from + "+" + count + " of " + rows + " with tiles of " + mr);
      }
      return new Prepacked(data, offset, count, depth, mr, blockDepth, bankRows, firstRow + from);
    }

    /** Where the packed block of rows from {@code i0} (a multiple of mr) and depth from {@code k0} starts. */
    int blockOffset(int i0, int k0) {
      int kc = Math.min(blockDepth, depth - k0);
      return offset + k0 * paddedRows() + (firstRow + i0) * kc;
    }
  }

  /**
   * For packing a panel across the rows of a row-major matrix with {@link Kernels#gather}: the
   * offsets {@code 0, ld, 2*ld...} of {@code rows} consecutive rows, padded with zeros to whole
   * vectors (so a gather never reads past the matrix). The maps for full panels (either tile
   * height) are made up front, so the threads sharing a source only read them; a narrower edge
   * panel (once per matrix and block) gets its own.
   */
  private static final class RowOffsets {
    private final int ld;
    private final int lanes;
    private final int tall;
    private final int small;
    private final int[] tallMap;
    private final int[] smallMap;

    RowOffsets(int ld, int tall, int small, Kernels kernels) {
      this.ld = ld;
      this.lanes = kernels.lanes();
      this.tall = tall;
      this.small = small;
      this.tallMap = make(tall);
      this.smallMap = small == tall ? tallMap : make(small);
    }

    private int[] make(int rows) {
      int[] offsets = new int[Math.max(1, (rows + lanes - 1) / lanes) * lanes];
      for (int i = 0; i < rows; i++) {
        offsets[i] = i * ld;
      }
      return offsets;
    }

    int[] of(int rows) {
      return rows == tall ? tallMap : rows == small ? smallMap : make(rows);
    }
  }

  /** {@code packed} as the A operand of {@link BlockedGemm#multiply}, which reads it in place. */
  static A asA(Prepacked packed) {
    return new A() {
      @Override
      public void pack(int i0, int mc, int k0, int kc, int mr, float[] dst, int dstOff) {
        throw new IllegalStateException("prepacked operands are not packed again");
      }

      @Override
      public Prepacked prepacked() {
        return packed;
      }
    };
  }

  /** A stored row-major matrix with row stride {@code ld}, used as {@code op(A)}. */
  static A matrixA(float[] a, int off, int ld, boolean transposed, Kernels kernels) {
    RowOffsets rowOffsets = transposed ? null
        : new RowOffsets(ld, kernels.tileRows(), kernels.shortTileRows(), kernels);
    return (i0, mc, k0, kc, mr, dst, dstOff) -> {
      for (int r0 = 0; r0 < mc; r0 += mr) {
        int rows = Math.min(mr, mc - r0);
        int panel = dstOff + r0 * kc;
        if (transposed) {
          // op(A)[i][p] = a[p][i]: each column of the panel is a contiguous run of a's row p.
          for (int p = 0; p < kc; p++) {
            int src = off + (k0 + p) * ld + i0 + r0;
            int at = panel + p * mr;
            System.arraycopy(a, src, dst, at, rows);
            java.util.Arrays.fill(dst, at + rows, at + mr, 0f);
          }
        } else {
          // op(A)[i][p] = a[i][p]: each column of the panel gathers one value from each of rows rows.
          int src = off + (i0 + r0) * ld + k0;
          int[] offsets = rowOffsets.of(rows);
          for (int p = 0; p < kc; p++) {
            int at = panel + p * mr;
            kernels.gather(a, src + p, offsets, 0, dst, at, rows);
            if (rows < mr) {
              kernels.fill(dst, at + rows, mr - rows, 0f);
            }
          }
        }
      }
    };
  }

  /** A stored row-major matrix with row stride {@code ld}, used as {@code op(B)}. */
  static B matrixB(float[] b, int off, int ld, boolean transposed, Kernels kernels) {
    RowOffsets rowOffsets = transposed ? new RowOffsets(ld, kernels.tileCols(), kernels.tileCols(), kernels) : null;
    B packer = (k0, kc, j0, nc, nr, dst, dstOff) -> {
      for (int q0 = 0; q0 < nc; q0 += nr) {
        int cols = Math.min(nr, nc - q0);
        int panel = dstOff + q0 * kc;
        if (transposed) {
          // op(B)[p][j] = b[j][p]: each row of the panel gathers one value from each of cols rows of b.
          int src = off + (j0 + q0) * ld + k0;
          int[] offsets = rowOffsets.of(cols);
          for (int p = 0; p < kc; p++) {
            int at = panel + p * nr;
            kernels.gather(b, src + p, offsets, 0, dst, at, cols);
            if (cols < nr) {
              kernels.fill(dst, at + cols, nr - cols, 0f);
            }
          }
        } else {
          for (int p = 0; p < kc; p++) {
            int at = panel + p * nr;
            kernels.copy(b, off + (k0 + p) * ld + j0 + q0, dst, at, cols);
            if (cols < nr) {
              kernels.fill(dst, at + cols, nr - cols, 0f);
            }
          }
        }
      }
    };
    if (transposed) {
      return packer;
    }
    Stored stored = new Stored(b, off, ld);
    return new B() {
      @Override
      public void pack(int k0, int kc, int j0, int nc, int nr, float[] dst, int dstOff) {
        packer.pack(k0, kc, j0, nc, nr, dst, dstOff);
      }

      @Override
      public Stored stored() {
        return stored;
      }
    };
  }
}
