package dev.convoy.backends.simd;

/**
 * Single-threaded, packed, cache-blocked SGEMM in the BLIS arrangement: for each {@code NC}-wide
 * block of columns and {@code KC}-deep slice of k, B's block is packed into {@code NR}-wide panels
 * (one panel stays in L1 while it is used), then for each {@code MC}-tall block of rows A's block
 * is packed into {@code MR}-tall panels (the block stays in L2), and the micro-kernel runs once per
 * {@code MR x NR} tile of C. Tiles that overhang C's edge are computed into a scratch tile and
 * copied. Callers split big products across threads and give each part its own {@link Workspace}.
 */
final class BlockedGemm {
  /**
   * Depth of one packed slice. A 512 x 32 B panel (64 KiB) is more than L1, but it streams from L2
   * well, and a deeper slice loads and stores each C tile half as often: KernelTimes gemm 1024^3
   * 7.6-7.7 ms against 8.4-8.9 with 256 (interleaved), 512^3 and 2048^3 10-20% faster, the whole
   * AlexNet conv1 3-15%; 384 and 768 were between.
   */
  static final int KC = 512;
  /** Rows of A packed at once: 144 x 512 floats (288 KiB) stay in L2. A multiple of every tile height (12, 8, 6). */
  static final int MC = 144;
  /** Columns of B packed at once: 512 x 2048 floats (4 MiB), for L3. */
  static final int NC = 2048;

  /**
   * Rows of A up to which a stored B is read in place rather than packed: measured faster for 64 and
   * 96 rows (1x1 convolutions, AlexNet conv1's GEMM), slower for 128-row strips of 256 x 196 x 2304.
   */
  static final int IN_PLACE_MAX_ROWS = Integer.getInteger("inplace", 96);

  private BlockedGemm() {}

  /**
   * {@code c = alpha * op(A) * op(B) + beta * c} for {@code m x n} C at {@code cOff} with row
   * stride {@code ldc}; {@code op(A)} is {@code m x k}, {@code op(B)} is {@code k x n}. With
   * {@code beta == 0} the old C is not read.
   */
  static void multiply(Kernels kernels, Workspace ws, int m, int n, int k, float alpha, PanelSource.A a,
      PanelSource.B b, float beta, float[] c, int cOff, int ldc) {
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0 || alpha == 0f) {
      scaleC(m, n, beta, c, cOff, ldc); // as BLAS: A and B are not read
      return;
    }
    PanelSource.Prepacked pre = a.prepacked();
    int mr = pre != null ? pre.mr() : tileRowsFor(kernels, m);
    int nr = kernels.tileCols();
    int ncMax = Math.min(NC, roundUp(n, nr));
    float[] packedB = ws.packedB(Math.min(KC, k) * ncMax);
    float[] packedA = pre != null ? pre.data() : ws.packedA(Math.min(MC, roundUp(m, mr)) * Math.min(KC, k));
    float[] tile = ws.tile(kernels.tileRows() * nr);
    // A stored B is read in place (convTile has alpha 1 and beta 0 or 1): packing it was a copy. Only
    // for few rows of A: a packed panel serves every row tile from L1, a panel in place re-reads strided rows.
    boolean inPlace = m <= IN_PLACE_MAX_ROWS && alpha == 1f && (beta == 0f || beta == 1f);
    PanelSource.Stored stored = inPlace ? b.stored() : null;
    int[] rowOffsets = stored == null ? null : ws.rowOffsets(stored.ld(), k);
    for (int jc = 0; jc < n; jc += NC) {
      int nc = Math.min(NC, n - jc);
      int whole = nc / nr * nr;
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        float blockBeta = pc == 0 ? beta : 1f;
        if (stored == null) {
          b.pack(pc, kc, jc, nc, nr, packedB, 0);
        } else if (whole < nc) {
          b.pack(pc, kc, jc + whole, nc - whole, nr, packedB, 0); // the last, partial panel only
        }
        for (int ic = 0; ic < m; ic += MC) {
          int mc = Math.min(MC, m - ic);
          int aOff;
          if (pre != null) {
            aOff = pre.blockOffset(ic, pc);
          } else {
            a.pack(ic, mc, pc, kc, mr, packedA, 0);
            aOff = 0;
          }
          if (stored == null) {
            macroKernel(kernels, mr, mc, nc, kc, alpha, packedA, aOff, packedB, 0, blockBeta, c,
                cOff + ic * ldc + jc, ldc, tile);
          } else {
            inPlaceKernel(kernels, mr, mc, nc, kc, packedA, aOff, stored, jc, rowOffsets, pc, packedB, blockBeta, c,
                cOff + ic * ldc + jc, ldc, tile);
          }
        }
      }
    }
  }

  /**
   * Every tile of one packed A block ({@code mc} rows) times {@code nc} columns of a packed B block
   * whose first panel starts at {@code bBase}.
   */
  static void macroKernel(Kernels kernels, int mr, int mc, int nc, int kc, float alpha, float[] packedA,
      int aOff, float[] packedB, int bBase, float beta, float[] c, int cOff, int ldc, float[] tile) {
    int nr = kernels.tileCols();
    for (int jr = 0; jr < nc; jr += nr) {
      int cols = Math.min(nr, nc - jr);
      int bOff = bBase + jr * kc;
      for (int ir = 0; ir < mc; ir += mr) {
        int rows = Math.min(mr, mc - ir);
        int at = cOff + ir * ldc + jr;
        if (rows == mr && cols == nr) {
          kernels.gemmTile(mr, kc, packedA, aOff + ir * kc, packedB, bOff, alpha, beta, c, at, ldc);
        } else {
          kernels.gemmTile(mr, kc, packedA, aOff + ir * kc, packedB, bOff, 1f, 0f, tile, 0, nr);
          storeEdge(tile, nr, rows, cols, alpha, beta, c, at, ldc);
        }
      }
    }
  }

  /** {@code c = alpha * tile + beta * c} on the {@code rows x cols} corner of a tile that overhangs C. */
  private static void storeEdge(float[] tile, int nr, int rows, int cols, float alpha, float beta, float[] c, int at,
      int ldc) {
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        int to = at + i * ldc + j;
        float old = beta == 0f ? 0f : beta == 1f ? c[to] : c[to] * beta;
        c[to] = Math.fma(tile[i * nr + j], alpha, old);
      }
    }
  }

  /**
   * {@link #macroKernel} with alpha 1 over a stored B read in place: whole panels from B's rows
   * at column {@code j0 + jr} ({@code rowOffsets} from depth {@code pc}), the last, partial one
   * from its packed copy at {@code packedB[0]}, so no read passes the end of a row.
   */
  private static void inPlaceKernel(Kernels kernels, int mr, int mc, int nc, int kc, float[] packedA, int aOff,
      PanelSource.Stored b, int j0, int[] rowOffsets, int pc, float[] packedB, float beta, float[] c, int cOff,
      int ldc, float[] tile) {
    int nr = kernels.tileCols();
    for (int jr = 0; jr < nc; jr += nr) {
      int cols = Math.min(nr, nc - jr);
      for (int ir = 0; ir < mc; ir += mr) {
        int rows = Math.min(mr, mc - ir);
        int at = cOff + ir * ldc + jr;
        boolean full = rows == mr && cols == nr;
        if (cols == nr) {
          kernels.convTile(mr, kc, packedA, aOff + ir * kc, b.data(), b.offset() + j0 + jr, rowOffsets, pc,
              full ? beta : 0f, full ? c : tile, full ? at : 0, full ? ldc : nr);
        } else {
          kernels.gemmTile(mr, kc, packedA, aOff + ir * kc, packedB, 0, 1f, 0f, tile, 0, nr);
        }
        if (!full) {
          storeEdge(tile, nr, rows, cols, 1f, beta, c, at, ldc);
        }
      }
    }
  }

  /**
   * The tile height for {@code m} rows: the tall tile unless it pads more than 5% of the rows and
   * the short one pads less (64 filters: 72 rows in 12-row tiles, 64 in 8-row tiles).
   */
  static int tileRowsFor(Kernels kernels, int m) {
    int tall = kernels.tileRows();
    int small = kernels.shortTileRows();
    int tallPad = roundUp(m, tall) - m;
    int shortPad = roundUp(m, small) - m;
    return tallPad > 0.05 * m && shortPad < tallPad ? small : tall;
  }

  /** {@code c = beta * c}, or zeros when beta is 0 (even over NaN). */
  private static void scaleC(int m, int n, float beta, float[] c, int cOff, int ldc) {
    for (int i = 0; i < m; i++) {
      int row = cOff + i * ldc;
      for (int j = 0; j < n; j++) {
        c[row + j] = beta == 0f ? 0f : c[row + j] * beta;
      }
    }
  }

  /**
   * Where part {@code part} of {@code parts} starts when {@code length} is cut into parts of whole
   * {@code unit}s (tiles or panels), as evenly as whole units allow; {@code part == parts} gives the end.
   */
  static int splitPoint(int length, int unit, int part, int parts) {
    int units = (length + unit - 1) / unit;
    return Math.min(length, units * part / parts * unit);
  }

  static int roundUp(int value, int multiple) {
    return (value + multiple - 1) / multiple * multiple;
  }
}
