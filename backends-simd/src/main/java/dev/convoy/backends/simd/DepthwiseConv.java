package dev.convoy.backends.simd;

import dev.convoy.api.ConvGeometry;

/**
 * The forward pass of a depthwise convolution (one filter per channel: groups = channels =
 * filters, as in MobileNet), plane by plane. Each input row is copied once with its padding (zeros)
 * and, for a strided layer, split by column phase, so that every tap of an output row reads a
 * contiguous run; {@link Kernels#depthwiseRow} then keeps a row's outputs in registers across all
 * its taps. As GEMM, each of these layers had been a product of one filter row per group, a tile
 * of 12 rows computing 1. Planes are the tasks, so one image keeps every thread busy.
 */
final class DepthwiseConv {
  /** Output values per task, at least: fewer and the hand-off costs more than the work. */
  private static final int MIN_VALUES_PER_TASK = 4096;

  private final Kernels kernels;
  private final WorkerPool pool;
  private final Workspace.Pool workspaces;

  DepthwiseConv(Kernels kernels, WorkerPool pool, Workspace.Pool workspaces) {
    this.kernels = kernels;
    this.pool = pool;
    this.workspaces = workspaces;
  }

  /** Whether {@code g} is depthwise with one filter per channel. */
  static boolean applies(ConvGeometry g) {
    return g.groups() > 1 && g.groups() == g.c() && g.k() == g.c();
  }

  void forward(ConvGeometry g, float[] x, int xOff, float[] w, int wOff, float[] bias, int biasOff, float[] y,
      int yOff, OutputEpilogue epilogue) {
    int planes = g.n() * g.c();
    long perPlane = (long) g.outH() * g.outW();
    int tasks = (int) Math.max(1, Math.min(planes, Math.min(pool.threads() * 4L,
        planes * perPlane / MIN_VALUES_PER_TASK)));
    Rows rows = new Rows(g, kernels.lanes());
    pool.forEach(tasks, task -> {
      int from = (int) ((long) planes * task / tasks);
      int to = (int) ((long) planes * (task + 1) / tasks);
      Workspace ws = workspaces.borrow();
      try {
        int[] starts = new int[g.kh() * g.kw()];
        float[] taps = new float[g.kh() * g.kw()];
        for (int plane = from; plane < to; plane++) {
          plane(g, rows, plane, x, xOff, w, wOff, bias, biasOff, y, yOff, ws, starts, taps, epilogue);
        }
      } finally {
        workspaces.giveBack(ws);
      }
    });
  }

  /**
   * How a plane's padded rows are laid out: input row {@code ih}, column phase {@code p} (columns
   * {@code p, p + stride, ...} of the padded row) starts at {@code (ih * stride + p) * phaseCols}.
   */
  private record Rows(int paddedWidth, int phaseCols) {
    Rows(ConvGeometry g, int lanes) {
      this(paddedWidth(g), phaseCols(g, lanes));
    }

    /** Padded columns: the left padding, the row, and zeros as far right as any output reads. */
    private static int paddedWidth(ConvGeometry g) {
      return Math.max(g.padLeft() + g.w(), (g.outW() - 1) * g.strideW() + (g.kw() - 1) * g.dilationW() + 1);
    }

    /** Columns per phase: all of the padded row, and a whole vector past the last output of any tap. */
    private static int phaseCols(ConvGeometry g, int lanes) {
      int sw = g.strideW();
      int lastTap = (g.kw() - 1) * g.dilationW() / sw;
      return Math.max((paddedWidth(g) + sw - 1) / sw, lastTap + (g.outW() + lanes - 1) / lanes * lanes) + 1;
    }
  }

  private void plane(ConvGeometry g, Rows rows, int plane, float[] x, int xOff, float[] w, int wOff, float[] bias,
      int biasOff, float[] y, int yOff, Workspace ws, int[] starts, float[] taps, OutputEpilogue epilogue) {
    int channel = plane % g.c();
    int h = g.h();
    int sw = g.strideW();
    int phaseCols = rows.phaseCols();
    int rowFloats = sw * phaseCols;
    float[] padded = ws.phases(h * rowFloats);
    float[] row = sw > 1 ? ws.rows(rowFloats) : null;
    int in = xOff + plane * h * g.w();
    for (int ih = 0; ih < h; ih++) {
      int at = ih * rowFloats;
      if (sw == 1) {
        kernels.fill(padded, at, rowFloats, 0f);
        kernels.copy(x, in + ih * g.w(), padded, at + g.padLeft(), g.w());
      } else {
        kernels.fill(row, 0, rowFloats, 0f);
        kernels.copy(x, in + ih * g.w(), row, g.padLeft(), g.w());
        kernels.deinterleave(row, 0, sw, padded, at, phaseCols, rows.paddedWidth());
      }
    }
    int filter = wOff + channel * g.kh() * g.kw();
    float b = bias == null ? 0f : bias[biasOff + channel];
    int out = yOff + plane * g.outH() * g.outW();
    for (int oh = 0; oh < g.outH(); oh++) {
      int count = 0;
      for (int dy = 0; dy < g.kh(); dy++) {
        int ih = oh * g.strideH() - g.padTop() + dy * g.dilationH();
        if (ih < 0 || ih >= h) {
          continue; // a row of padding: zeros add nothing
        }
        for (int dx = 0; dx < g.kw(); dx++) {
          int column = dx * g.dilationW(); // the padded column output 0 reads; output o reads column + o * sw
          starts[count] = (ih * sw + column % sw) * phaseCols + column / sw;
          taps[count] = w[filter + dy * g.kw() + dx];
          count++;
        }
      }
      kernels.depthwiseRow(padded, starts, taps, count, b, y, out + oh * g.outW(), g.outW());
    }
    if (epilogue != null) {
      epilogue.apply(y, out, g.outH() * g.outW());
    }
  }
}
