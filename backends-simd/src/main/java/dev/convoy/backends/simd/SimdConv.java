package dev.convoy.backends.simd;

import dev.convoy.api.ConvGeometry;

/**
 * Convolution as GEMM, per image and group: {@code Y = W_row x X_col} forward. The filter bank is
 * packed once per call and shared by every task. Forward, {@code X_col} is never stored whole:
 * where it pays, the image is copied into a {@link PhaseLayout} whose rows are the im2col rows;
 * otherwise stride-1 layers copy input rows into an explicit im2col matrix and strided ones pack
 * receptive fields block by block ({@link Im2colPanels}); a 1x1, stride-1, unpadded convolution
 * uses the image itself. The input gradient of a stride-1 convolution is itself a forward
 * convolution (see {@link #turnedRound}); other strides take {@code dX_col = W_row^T x dY} then
 * col2im. The filter gradient {@code dW += dY x X_col^T} is one GEMM over the batch ({@link
 * LayoutFilterGradient}, or {@link GemmFilterGradient} for few output positions). Forward and
 * input-gradient tasks are images (or column strips of an image when the batch is smaller than the
 * pool, and forward also ranges of filters when an image has too few columns to strip), so no two
 * tasks ever write the same value.
 */
final class SimdConv {
  /** Floats of GEMM product kept between the GEMM and the copy to y: 128 KiB, well inside L2. */
  private static final int PRODUCT_FLOATS = 32 * 1024;
  /** Floats of packed filters from which packing is split across the pool. */
  private static final int PARALLEL_PACKING = 256 * 1024;

  private final Kernels kernels;
  private final WorkerPool pool;
  private final Workspace.Pool workspaces;
  private final ConstantFilters constants;
  private final DepthwiseConv depthwise;

  SimdConv(Kernels kernels, WorkerPool pool, Workspace.Pool workspaces, ConstantFilters constants) {
    this.kernels = kernels;
    this.constants = constants;
    this.depthwise = new DepthwiseConv(kernels, pool, workspaces);
    this.pool = pool;
    this.workspaces = workspaces;
  }

  /** Filters per group: rows of one block of {@code W_row}. */
  private static int filtersPerGroup(ConvGeometry g) {
    return g.k() / g.groups();
  }

  /** Taps per filter, {@code (c/groups)*kh*kw}: the GEMM depth. */
  private static int tapsPerGroup(ConvGeometry g) {
    return g.c() / g.groups() * g.kh() * g.kw();
  }

  /** 1x1, stride 1, no padding: the image's channels are already the im2col matrix. */
  private static boolean isPointwise(ConvGeometry g) {
    return g.kh() == 1 && g.kw() == 1 && g.strideH() == 1 && g.strideW() == 1 && g.padTop() == 0
        && g.padLeft() == 0 && g.padBottom() == 0 && g.padRight() == 0;
  }

  /** The filter bank, group by group, packed as {@code op(A)} (transposed for the input gradient). */
  private PanelSource.Prepacked[] packFilters(float[] w, int wOff, ConvGeometry g, boolean transposed, Workspace ws) {
    return packFilters(w, wOff, g, transposed, ws::weights);
  }

  /** The filter bank packed into an array of its own, for {@link ConstantFilters}. */
  private PanelSource.Prepacked[] packFiltersToKeep(float[] w, int wOff, ConvGeometry g) {
    return packFilters(w, wOff, g, false, float[]::new);
  }

  private PanelSource.Prepacked[] packFilters(float[] w, int wOff, ConvGeometry g, boolean transposed,
      java.util.function.IntFunction<float[]> storage) {
    int kg = filtersPerGroup(g);
    int taps = tapsPerGroup(g);
    int rows = transposed ? taps : kg;
    int depth = transposed ? kg : taps;
    int mr = BlockedGemm.tileRowsFor(kernels, rows);
    int each = PanelSource.Prepacked.size(rows, depth, mr);
    float[] data = storage.apply(each * g.groups());
    PanelSource.Prepacked[] packed = new PanelSource.Prepacked[g.groups()];
    PanelSource.A[] sources = new PanelSource.A[g.groups()];
    for (int group = 0; group < g.groups(); group++) {
      sources[group] = PanelSource.matrixA(w, wOff + group * kg * taps, taps, transposed, kernels);
      packed[group] = new PanelSource.Prepacked(data, group * each, rows, depth, mr, BlockedGemm.KC);
    }
    // A large bank is packed by every thread, rows apart: packing resnet18's 512-filter 3x3 bank
    // (9.4 MB) on one thread took about as long as a training step's convolution with it.
    int parts = (long) each * g.groups() >= PARALLEL_PACKING ? pool.threads() : 1;
    pool.forEach(parts, part -> {
      int i0 = BlockedGemm.splitPoint(rows, mr, part, parts);
      int i1 = BlockedGemm.splitPoint(rows, mr, part + 1, parts);
      if (i0 < i1) {
        for (int group = 0; group < g.groups(); group++) {
          packed[group].packRows(sources[group], i0, i1);
        }
      }
    });
    return packed;
  }

  /** Column strips per image so that small batches still keep every thread busy. */
  private int stripsPerImage(int n, int positions) {
    if (n >= pool.threads()) {
      return 1;
    }
    int strips = (pool.threads() + n - 1) / n;
    return Math.max(1, Math.min(strips, positions / kernels.tileCols()));
  }

  /**
   * Parts to split each group's filters into when images and column strips leave threads idle (a
   * batch-1 image of 7x7 positions is one strip): whole tiles of {@code mr} filters each, so the
   * parts write disjoint rows of the product. Each part re-reads the image, which at these sizes is
   * a small fraction of the filter bank it no longer reads.
   */
  private int filterParts(int tasks, int filters, int mr) {
    if (tasks >= pool.threads()) {
      return 1;
    }
    int parts = (pool.threads() + tasks - 1) / tasks;
    return Math.max(1, Math.min(parts, filters / (2 * mr)));
  }

  void forward(ConvGeometry g, float[] x, int xOff, float[] w, int wOff, float[] bias, int biasOff, float[] y,
      int yOff) {
    forward(g, x, xOff, w, wOff, bias, biasOff, y, yOff, null);
  }

  /**
   * The forward pass with {@code epilogue} (null for none) applied to each run of outputs by the
   * task that has just written it: the fused convolution's residual and activation.
   */
  void forward(ConvGeometry g, float[] x, int xOff, float[] w, int wOff, float[] bias, int biasOff, float[] y,
      int yOff, OutputEpilogue epilogue) {
    forward(g, x, xOff, w, wOff, bias, biasOff, y, yOff, epilogue, false);
  }

  /**
   * The forward pass; with {@code constantFilters} the filter bank is packed once and kept (see
   * {@link ConstantFilters}), for callers whose filters do not change between calls.
   */
  void forward(ConvGeometry g, float[] x, int xOff, float[] w, int wOff, float[] bias, int biasOff, float[] y,
      int yOff, OutputEpilogue epilogue, boolean constantFilters) {
    if (DepthwiseConv.applies(g)) {
      depthwise.forward(g, x, xOff, w, wOff, bias, biasOff, y, yOff, epilogue);
      return;
    }
    int cg = g.c() / g.groups();
    PhaseLayout layout = new PhaseLayout(g, cg);
    boolean phased = !isPointwise(g) && layout.pays();
    if (phased && DirectConv.pays(kernels, g, layout)) {
      forwardDirect(g, layout, x, xOff, w, wOff, bias, biasOff, y, yOff, epilogue, constantFilters);
      return;
    }
    int columns = phased ? layout.positions() : g.colCols();
    int[] tapOffsets = phased ? layout.tapOffsets(tapsPerGroup(g)) : null;
    Workspace shared = workspaces.borrow();
    try {
      PanelSource.Prepacked[] filters = constantFilters
          ? constants.get(w, wOff, g, "gemm", PanelSource.Prepacked[].class, () -> packFiltersToKeep(w, wOff, g))
          : packFilters(w, wOff, g, false, shared);
      int strips = stripsPerImage(g.n(), columns);
      int mr = filters[0].mr();
      int parts = filterParts(g.n() * strips, filtersPerGroup(g), mr);
      int nr = kernels.tileCols();
      pool.forEach(g.n() * strips * parts, task -> {
        int image = task / (strips * parts);
        int strip = task / parts % strips;
        int part = task % parts;
        int from = BlockedGemm.splitPoint(columns, nr, strip, strips);
        int to = BlockedGemm.splitPoint(columns, nr, strip + 1, strips);
        int f0 = BlockedGemm.splitPoint(filtersPerGroup(g), mr, part, parts);
        int f1 = BlockedGemm.splitPoint(filtersPerGroup(g), mr, part + 1, parts);
        if (from >= to || f0 >= f1) {
          return;
        }
        Workspace ws = workspaces.borrow();
        try {
          for (int group = 0; group < g.groups(); group++) {
            if (phased) {
              forwardPhased(g, layout, tapOffsets, x, xOff, filters[group], bias, biasOff, y, yOff, image, group,
                  from, to, f0, f1, ws, epilogue);
            } else {
              forwardPlain(g, x, xOff, filters[group], bias, biasOff, y, yOff, image, group, from, to, f0, f1, ws,
                  epilogue);
            }
          }
        } finally {
          workspaces.giveBack(ws);
        }
      });
    } finally {
      workspaces.giveBack(shared);
    }
  }

  /**
   * The forward pass through {@link DirectConv}: one task per image, or per strip of output rows
   * when the batch is smaller than the pool; the filters are packed once, each image's layout is
   * built by the task that reads it.
   */
  private void forwardDirect(ConvGeometry g, PhaseLayout layout, float[] x, int xOff, float[] w, int wOff,
      float[] bias, int biasOff, float[] y, int yOff, OutputEpilogue epilogue, boolean constantFilters) {
    DirectConv direct = new DirectConv(kernels, g, layout);
    int cg = g.c() / g.groups();
    int[] tapOffsets = layout.tapOffsets(tapsPerGroup(g));
    Workspace shared = workspaces.borrow();
    try {
      float[] packed = constantFilters
          ? constants.get(w, wOff, g, "direct", float[].class, () -> direct.packFilters(w, wOff, pool))
          : direct.packFilters(w, wOff, shared.weights(direct.packedSize()), pool);
      int strips = g.n() >= pool.threads() ? 1 : Math.min(g.outH(), (pool.threads() + g.n() - 1) / g.n());
      pool.forEach(g.n() * strips, task -> {
        int image = task / strips;
        int strip = task % strips;
        int from = g.outH() * strip / strips;
        int to = g.outH() * (strip + 1) / strips;
        Workspace ws = workspaces.borrow();
        try {
          // The last run of a row reads up to a run past the layout's last real column: slack keeps it in the array.
          float[] phases = ws.phases(layout.size() + kernels.tileCols());
          float[] product = ws.product(Math.max(kernels.directPositions(), kernels.lanes()) * kernels.tileCols());
          for (int group = 0; group < g.groups(); group++) {
            layout.build(kernels, x, xOff + (image * g.c() + group * cg) * g.h() * g.w(), phases);
            direct.rows(phases, tapOffsets, packed, bias, biasOff, y, yOff, image, group, from, to, product, epilogue);
          }
        } finally {
          workspaces.giveBack(ws);
        }
      });
    } finally {
      workspaces.giveBack(shared);
    }
  }

  /**
   * Output columns {@code [from, to)} of one image and group: the image itself is the im2col matrix
   * of a 1x1 convolution; a stride-1 one gets an explicit im2col matrix of those columns, made by
   * copying input rows; a strided one packs each receptive field straight from the image.
   */
  private void forwardPlain(ConvGeometry g, float[] x, int xOff, PanelSource.Prepacked filters, float[] bias,
      int biasOff, float[] y, int yOff, int image, int group, int from, int to, int f0, int f1, Workspace ws,
      OutputEpilogue epilogue) {
    int kg = filtersPerGroup(g);
    int positions = g.colCols();
    int cg = g.c() / g.groups();
    int channels = xOff + (image * g.c() + group * cg) * g.h() * g.w();
    PanelSource.B cols;
    if (isPointwise(g)) {
      cols = PanelSource.matrixB(x, channels + from, positions, false, kernels);
    } else if (g.strideW() == 1) {
      int taps = tapsPerGroup(g);
      int width = to - from;
      float[] col = ws.columns(taps * width);
      new Im2colPanels(kernels, x, channels, g).pack(0, taps, from, width, width, col, 0);
      cols = PanelSource.matrixB(col, 0, width, false, kernels); // its column 0 is output column from
    } else {
      cols = shifted(new Im2colPanels(kernels, x, channels, g), from);
    }
    int out = yOff + (image * g.k() + group * kg) * positions;
    PanelSource.Prepacked rows = f0 == 0 && f1 == kg ? filters : filters.rows(f0, f1 - f0);
    BlockedGemm.multiply(kernels, ws, f1 - f0, to - from, tapsPerGroup(g), 1f, PanelSource.asA(rows), cols, 0f, y,
        out + f0 * positions + from, positions);
    for (int f = f0; f < f1; f++) {
      int run = out + f * positions + from;
      if (bias != null) {
        kernels.addScalar(y, run, to - from, bias[biasOff + group * kg + f]);
      }
      if (epilogue != null) {
        epilogue.apply(y, run, to - from);
      }
    }
  }

  /**
   * Layout columns {@code [from, to)} of one image and group through {@link PhaseLayout}: the
   * BLIS loops without B's packing, since every tap's run is already contiguous in the layout and
   * {@link Kernels#convTile} reads it in place. A chunk of layout columns goes into a scratch
   * product small enough for L2, whole tiles wide, and its real columns are copied to y with the
   * bias while they are still there; the epilogue, if any, follows over the chunk's outputs.
   */
  private void forwardPhased(ConvGeometry g, PhaseLayout layout, int[] tapOffsets, float[] x, int xOff,
      PanelSource.Prepacked filters, float[] bias, int biasOff, float[] y, int yOff, int image, int group, int from,
      int to, int f0, int f1, Workspace ws, OutputEpilogue epilogue) {
    int kg = filtersPerGroup(g);
    int cg = g.c() / g.groups();
    int nr = kernels.tileCols();
    int mr = filters.mr();
    int taps = tapsPerGroup(g);
    // A whole tile past the last real column is read: slack after the layout keeps it in the array.
    float[] phases = ws.phases(layout.size() + nr);
    layout.build(kernels, x, xOff + (image * g.c() + group * cg) * g.h() * g.w(), phases);
    int rows = BlockedGemm.roundUp(f1 - f0, mr);
    int chunk = BlockedGemm.roundUp(Math.max(1, PRODUCT_FLOATS / (f1 - f0)), nr);
    float[] product = ws.product(rows * BlockedGemm.roundUp(Math.min(chunk, to - from), nr));
    int rowLength = layout.rowLength();
    int positions = g.colCols();
    int out = yOff + (image * g.k() + group * kg) * positions;
    for (int c0 = from; c0 < to; c0 += chunk) {
      int c1 = Math.min(to, c0 + chunk);
      int width = BlockedGemm.roundUp(c1 - c0, nr);
      for (int pc = 0; pc < taps; pc += BlockedGemm.KC) {
        int kc = Math.min(BlockedGemm.KC, taps - pc);
        float beta = pc == 0 ? 0f : 1f;
        for (int jr = 0; jr < width; jr += nr) {
          for (int ir = f0; ir < f1; ir += mr) {
            kernels.convTile(mr, kc, filters.data(), filters.blockOffset(ir, pc), phases, c0 + jr, tapOffsets, pc, beta,
                product, (ir - f0) * width + jr, width);
          }
        }
      }
      int first = -1; // the chunk's outputs, [first, last) of each filter's plane: its rows are consecutive
      int last = -1;
      for (int oh = c0 / rowLength; oh * rowLength < c1; oh++) {
        int start = Math.max(c0, oh * rowLength);
        int end = Math.min(c1, oh * rowLength + g.outW());
        if (start >= end) {
          continue;
        }
        int position = oh * g.outW() + start - oh * rowLength;
        first = first < 0 ? position : first;
        last = position + end - start;
        for (int f = f0; f < f1; f++) {
          kernels.copyPlus(product, (f - f0) * width + start - c0, y, out + position + f * positions, end - start,
              bias == null ? 0f : bias[biasOff + group * kg + f]);
        }
      }
      if (epilogue != null && first >= 0) {
        for (int f = f0; f < f1; f++) {
          epilogue.apply(y, out + f * positions + first, last - first);
        }
      }
    }
  }

  /** {@code source} seen from column {@code from} on. */
  private static PanelSource.B shifted(PanelSource.B source, int from) {
    return from == 0 ? source : (k0, kc, j0, nc, nr, dst, dstOff) -> source.pack(k0, kc, j0 + from, nc, nr, dst, dstOff);
  }

  void backwardData(ConvGeometry g, float[] dy, int dyOff, float[] w, int wOff, float[] dx, int dxOff) {
    ConvGeometry turned = turnedRound(g);
    if (turned != null) {
      Workspace ws = workspaces.borrow();
      try {
        float[] filters = ws.turned(g.k() * tapsPerGroup(g));
        turnFilters(g, w, wOff, filters);
        forward(turned, dy, dyOff, filters, 0, null, 0, dx, dxOff);
      } finally {
        workspaces.giveBack(ws);
      }
      return;
    }
    int kg = filtersPerGroup(g);
    int taps = tapsPerGroup(g);
    int positions = g.colCols();
    int cg = g.c() / g.groups();
    int plane = g.h() * g.w();
    boolean pointwise = isPointwise(g);
    Workspace shared = workspaces.borrow();
    try {
      PanelSource.Prepacked[] filtersT = packFilters(w, wOff, g, true, shared);
      pool.forEach(g.n(), image -> {
        Workspace ws = workspaces.borrow();
        try {
          int imageOff = dxOff + image * g.c() * plane;
          if (!pointwise) {
            kernels.fill(dx, imageOff, g.c() * plane, 0f);
          }
          float[] col = pointwise ? null : ws.columns(taps * positions);
          for (int group = 0; group < g.groups(); group++) {
            PanelSource.B grad = PanelSource.matrixB(dy, dyOff + (image * g.k() + group * kg) * positions, positions,
                false, kernels);
            int channels = imageOff + group * cg * plane;
            if (pointwise) {
              BlockedGemm.multiply(kernels, ws, taps, positions, kg, 1f, PanelSource.asA(filtersT[group]), grad, 0f, dx,
                  channels, positions);
            } else {
              BlockedGemm.multiply(kernels, ws, taps, positions, kg, 1f, PanelSource.asA(filtersT[group]), grad, 0f,
                  col, 0, positions);
              SimdIm2col.col2im(kernels, col, 0, g, cg, dx, channels);
            }
          }
        } finally {
          workspaces.giveBack(ws);
        }
      });
    } finally {
      workspaces.giveBack(shared);
    }
  }

  /**
   * The input gradient of a stride-1 convolution as another convolution, so it takes the forward
   * path (phase layout, filters packed once, no col2im): {@code dx} is {@code dy}, padded by
   * {@code dilation*(kernel-1) - pad} on each side, convolved with the filters turned round (flipped
   * in space, input and output channels swapped within each group). Null where that does not apply:
   * strides, padding wider than the dilated kernel, or so few channels per group that the turned
   * GEMM would be a sliver of rows (the first layer of a grey-image network).
   */
  private ConvGeometry turnedRound(ConvGeometry g) {
    int spanH = g.dilationH() * (g.kh() - 1);
    int spanW = g.dilationW() * (g.kw() - 1);
    boolean applies = g.strideH() == 1 && g.strideW() == 1
        && Math.max(g.padTop(), g.padBottom()) <= spanH && Math.max(g.padLeft(), g.padRight()) <= spanW
        && g.outH() == g.h() + g.padTop() + g.padBottom() - spanH
        && g.outW() == g.w() + g.padLeft() + g.padRight() - spanW
        && g.c() / g.groups() >= kernels.shortTileRows();
    if (!applies) {
      return null;
    }
    return new ConvGeometry(g.n(), g.k(), g.outH(), g.outW(), g.c(), g.kh(), g.kw(), 1, 1, spanH - g.padTop(),
        spanW - g.padLeft(), spanH - g.padBottom(), spanW - g.padRight(), g.dilationH(), g.dilationW(), g.groups(),
        g.h(), g.w());
  }

  /** {@code turned[g*cg + cc][kk][kh-1-i][kw-1-j] = w[g*kg + kk][cc][i][j]} for every group g. */
  private static void turnFilters(ConvGeometry g, float[] w, int wOff, float[] turned) {
    int kg = filtersPerGroup(g);
    int cg = g.c() / g.groups();
    int area = g.kh() * g.kw();
    for (int group = 0; group < g.groups(); group++) {
      for (int kk = 0; kk < kg; kk++) {
        for (int cc = 0; cc < cg; cc++) {
          int from = wOff + ((group * kg + kk) * cg + cc) * area;
          int to = ((group * cg + cc) * kg + kk) * area + area - 1;
          for (int t = 0; t < area; t++) {
            turned[to - t] = w[from + t];
          }
        }
      }
    }
  }

  /**
   * {@code dW += dY x X_col^T}: a 1x1, stride-1, unpadded convolution reads X_col straight from the
   * image; rows of five taps over whole blocks of filters go through {@link TapRowFilterGradient},
   * every other one through {@link LayoutFilterGradient}.
   */
  void accumulateFilterGradient(ConvGeometry g, float[] x, int xOff, float[] dy, int dyOff, float[] dw, int dwOff) {
    if (!isPointwise(g)) {
      PhaseLayout layout = new PhaseLayout(g, g.c() / g.groups());
      if (GemmFilterGradient.applies(g)) {
        new GemmFilterGradient(kernels, pool, workspaces).accumulate(g, x, xOff, dy, dyOff, dw, dwOff);
      } else if (TapRowFilterGradient.applies(kernels, g)) {
        new TapRowFilterGradient(kernels, pool, workspaces, g, layout, LayoutFilterGradient.CHUNK_FLOATS)
            .accumulate(x, xOff, dy, dyOff, dw, dwOff);
      } else {
        new LayoutFilterGradient(kernels, pool, workspaces, g, layout, LayoutFilterGradient.CHUNK_FLOATS)
            .accumulate(x, xOff, dy, dyOff, dw, dwOff);
      }
      return;
    }
    int kg = filtersPerGroup(g);
    int taps = tapsPerGroup(g);
    int positions = g.colCols();
    int cg = g.c() / g.groups();
    int plane = g.h() * g.w();
    int nr = kernels.tileCols();
    int units = (taps + nr - 1) / nr;
    int strips = g.groups() >= pool.threads() ? 1 : Math.min(units, (pool.threads() + g.groups() - 1) / g.groups());
    pool.forEach(g.groups() * strips, task -> {
      int group = task / strips;
      int strip = task % strips;
      int from = BlockedGemm.splitPoint(taps, nr, strip, strips);
      int to = BlockedGemm.splitPoint(taps, nr, strip + 1, strips);
      if (from >= to) {
        return;
      }
      Workspace ws = workspaces.borrow();
      try {
        for (int image = 0; image < g.n(); image++) {
          int channels = xOff + (image * g.c() + group * cg) * plane;
          PanelSource.A grad = PanelSource.matrixA(dy, dyOff + (image * g.k() + group * kg) * positions, positions,
              false, kernels);
          BlockedGemm.multiply(kernels, ws, kg, to - from, positions, 1f, grad,
              PanelSource.matrixB(x, channels + from * positions, positions, true, kernels), 1f, dw,
              dwOff + group * kg * taps + from, taps);
        }
      } finally {
        workspaces.giveBack(ws);
      }
    });
  }
}
