package dev.convoy.backends.simd;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.PoolGeometry;
import dev.convoy.api.PoolKind;

/**
 * Max, average and L2 pooling, with the same window rules as the reference backend (windows
 * clipped to the input; the average's divisor counts padding only with {@code countIncludePad},
 * and never past the padded input). Planes are split across the pool. The forward pass without
 * switches first combines the window's input rows with vector operations (max, sum or sum of
 * squares down each column), then reduces each window along its row (for max, by vector
 * operations too: {@link RowWindowMax}); max pooling with switches
 * and every backward pass walk the windows value by value, as the winner's index is needed.
 */
final class SimdPool {
  /** Planes per task: enough work to be worth a hand-off. */
  private static final int MIN_VALUES_PER_TASK = 1 << 14;

  private final Kernels kernels;
  private final WorkerPool pool;
  private final Workspace.Pool workspaces;
  private final RowWindowMax rowWindowMax;

  SimdPool(Kernels kernels, WorkerPool pool, Workspace.Pool workspaces) {
    this.kernels = kernels;
    this.pool = pool;
    this.workspaces = workspaces;
    this.rowWindowMax = new RowWindowMax(kernels);
  }

  private static int rowStart(PoolGeometry g, int oh) {
    return oh * g.strideH() - g.padTop();
  }

  private static int colStart(PoolGeometry g, int ow) {
    return ow * g.strideW() - g.padLeft();
  }

  /** The average's divisor for the window at (oh, ow), as the reference computes it. */
  private static int divisor(PoolGeometry g, int oh, int ow) {
    int hStart = rowStart(g, oh);
    int wStart = colStart(g, ow);
    int hEndPadded = Math.min(hStart + g.kh(), g.h() + g.padBottom());
    int wEndPadded = Math.min(wStart + g.kw(), g.w() + g.padRight());
    if (g.countIncludePad()) {
      return (hEndPadded - hStart) * (wEndPadded - wStart);
    }
    int rows = Math.max(0, Math.min(hEndPadded, g.h()) - Math.max(hStart, 0));
    int cols = Math.max(0, Math.min(wEndPadded, g.w()) - Math.max(wStart, 0));
    return rows * cols;
  }

  /** Runs {@code body} over ranges of planes. */
  private void forPlanes(PoolGeometry g, PlaneRange body) {
    int planes = g.n() * g.c();
    int perPlane = g.h() * g.w();
    int tasks = Math.max(1, Math.min(planes, (int) Math.min(pool.threads() * 4L,
        (long) planes * perPlane / MIN_VALUES_PER_TASK)));
    pool.forEach(tasks, task -> {
      int from = (int) ((long) planes * task / tasks);
      int to = (int) ((long) planes * (task + 1) / tasks);
      Workspace ws = workspaces.borrow();
      try {
        for (int plane = from; plane < to; plane++) {
          body.run(plane, ws);
        }
      } finally {
        workspaces.giveBack(ws);
      }
    });
  }

  @FunctionalInterface
  private interface PlaneRange {
    void run(int plane, Workspace ws);
  }

  void forward(PoolGeometry g, float[] x, int xOff, float[] y, int yOff, float[] switches, int swOff) {
    int inPlane = g.h() * g.w();
    int outPlane = g.outH() * g.outW();
    if (g.kind() == PoolKind.MAX && switches != null) {
      forPlanes(g, (plane, ws) -> maxWithSwitches(g, x, xOff + plane * inPlane, y, yOff + plane * outPlane,
          switches, swOff + plane * outPlane));
    } else {
      forPlanes(g, (plane, ws) -> combined(g, x, xOff + plane * inPlane, y, yOff + plane * outPlane, ws));
    }
  }

  /** Forward without switches: rows of each window combined by vector ops, then reduced along the row. */
  private void combined(PoolGeometry g, float[] x, int in, float[] y, int out, Workspace ws) {
    float[] row = ws.rows(g.w());
    boolean alongRows = g.kind() == PoolKind.MAX && RowWindowMax.fits(g);
    for (int oh = 0; oh < g.outH(); oh++) {
      int h0 = Math.max(rowStart(g, oh), 0);
      int h1 = Math.min(rowStart(g, oh) + g.kh(), g.h());
      if (h0 >= h1) {
        kernels.fill(y, out + oh * g.outW(), g.outW(), 0f);
        continue;
      }
      switch (g.kind()) {
        case MAX -> {
          kernels.copy(x, in + h0 * g.w(), row, 0, g.w());
          for (int ih = h0 + 1; ih < h1; ih++) {
            kernels.maxInto(x, in + ih * g.w(), row, 0, g.w());
          }
          if (alongRows) {
            rowWindowMax.apply(g, row, y, out + oh * g.outW(), ws);
            continue;
          }
        }
        case AVERAGE -> {
          kernels.copy(x, in + h0 * g.w(), row, 0, g.w());
          for (int ih = h0 + 1; ih < h1; ih++) {
            kernels.addInto(x, in + ih * g.w(), row, 0, g.w());
          }
        }
        case L2 -> {
          kernels.fill(row, 0, g.w(), 0f);
          for (int ih = h0; ih < h1; ih++) {
            kernels.addSquaresInto(x, in + ih * g.w(), row, 0, g.w());
          }
        }
      }
      for (int ow = 0; ow < g.outW(); ow++) {
        int w0 = Math.max(colStart(g, ow), 0);
        int w1 = Math.min(colStart(g, ow) + g.kw(), g.w());
        float value;
        if (w0 >= w1) {
          value = 0f;
        } else if (g.kind() == PoolKind.MAX) {
          value = row[w0];
          for (int iw = w0 + 1; iw < w1; iw++) {
            value = Math.max(value, row[iw]);
          }
        } else {
          float sum = 0f;
          for (int iw = w0; iw < w1; iw++) {
            sum += row[iw];
          }
          value = g.kind() == PoolKind.AVERAGE ? sum / divisor(g, oh, ow) : (float) Math.sqrt(sum);
        }
        y[out + oh * g.outW() + ow] = value;
      }
    }
  }

  /**
   * Max forward recording each winner's index {@code ih * w + iw}; the first maximum (or first NaN) wins.
   * A candidate replaces the best unless it is {@code <=} it ({@code !(v <= best)} is true for a
   * larger value and for NaN) and never once the best is NaN ({@code best == best}): two
   * comparisons per value, no method calls, so the JIT keeps the loop tight.
   */
  private void maxWithSwitches(PoolGeometry g, float[] x, int in, float[] y, int out, float[] sw, int swOut) {
    if (isPlainTwoByTwo(g)) {
      maxTwoByTwo(g, x, in, y, out, sw, swOut);
      return;
    }
    int w = g.w();
    for (int oh = 0; oh < g.outH(); oh++) {
      int h0 = Math.max(rowStart(g, oh), 0);
      int h1 = Math.min(rowStart(g, oh) + g.kh(), g.h());
      int at = out + oh * g.outW();
      int swAt = swOut + oh * g.outW();
      for (int ow = 0; ow < g.outW(); ow++) {
        int w0 = Math.max(colStart(g, ow), 0);
        int w1 = Math.min(colStart(g, ow) + g.kw(), w);
        if (h0 >= h1 || w0 >= w1) {
          y[at + ow] = 0f;
          sw[swAt + ow] = -1;
          continue;
        }
        int best = h0 * w + w0;
        float bestValue = x[in + best];
        for (int ih = h0; ih < h1; ih++) {
          int rowAt = ih * w;
          for (int iw = ih == h0 ? w0 + 1 : w0; iw < w1; iw++) {
            float v = x[in + rowAt + iw];
            if (!(v <= bestValue) && bestValue == bestValue) {
              best = rowAt + iw;
              bestValue = v;
            }
          }
        }
        y[at + ow] = bestValue;
        sw[swAt + ow] = best;
      }
    }
  }

  /** The notes' most common pool: 2x2 windows, stride 2, no padding, every window inside the input. */
  private static boolean isPlainTwoByTwo(PoolGeometry g) {
    return g.kh() == 2 && g.kw() == 2 && g.strideH() == 2 && g.strideW() == 2 && g.padTop() == 0
        && g.padLeft() == 0 && 2 * g.outH() <= g.h() && 2 * g.outW() <= g.w();
  }

  /** {@link #maxWithSwitches} for {@link #isPlainTwoByTwo} windows, a vectorised output row at a time. */
  private void maxTwoByTwo(PoolGeometry g, float[] x, int in, float[] y, int out, float[] sw, int swOut) {
    int w = g.w();
    for (int oh = 0; oh < g.outH(); oh++) {
      int top = 2 * oh * w;
      kernels.maxPoolTwoByTwoRow(x, in + top, w, top, y, out + oh * g.outW(), sw, swOut + oh * g.outW(), g.outW());
    }
  }

  void backward(PoolGeometry g, float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff, float[] switches,
      int swOff, float[] dx, int dxOff) {
    if (g.kind() == PoolKind.MAX && switches == null) {
      throw new ConvoyException("max-pool backward needs the switches recorded by the forward pass; pass a switches"
          + " volume (shape of y) to PoolingKernels.forward and the same one here");
    }
    int inPlane = g.h() * g.w();
    int outPlane = g.outH() * g.outW();
    forPlanes(g, (plane, ws) -> {
      int in = xOff + plane * inPlane;
      int d = dxOff + plane * inPlane;
      int out = plane * outPlane;
      kernels.fill(dx, d, inPlane, 0f);
      for (int oh = 0; oh < g.outH(); oh++) {
        int h0 = Math.max(rowStart(g, oh), 0);
        int h1 = Math.min(rowStart(g, oh) + g.kh(), g.h());
        for (int ow = 0; ow < g.outW(); ow++) {
          int w0 = Math.max(colStart(g, ow), 0);
          int w1 = Math.min(colStart(g, ow) + g.kw(), g.w());
          if (h0 >= h1 || w0 >= w1) {
            continue;
          }
          int at = out + oh * g.outW() + ow;
          float grad = dy[dyOff + at];
          switch (g.kind()) {
            case MAX -> dx[d + switchIndex(g, switches[swOff + at])] += grad;
            case AVERAGE -> {
              float share = grad / divisor(g, oh, ow);
              for (int ih = h0; ih < h1; ih++) {
                for (int iw = w0; iw < w1; iw++) {
                  dx[d + ih * g.w() + iw] += share;
                }
              }
            }
            case L2 -> {
              float norm = y[yOff + at];
              if (norm != 0f) {
                for (int ih = h0; ih < h1; ih++) {
                  for (int iw = w0; iw < w1; iw++) {
                    dx[d + ih * g.w() + iw] += grad * x[in + ih * g.w() + iw] / norm;
                  }
                }
              }
            }
          }
        }
      }
    });
  }

  private static int switchIndex(PoolGeometry g, float recorded) {
    int index = (int) recorded;
    if (index != recorded || index < 0 || index >= g.h() * g.w()) {
      throw new ConvoyException("max-pool switch " + recorded + " is not an index into a " + g.h() + "x" + g.w()
          + " input plane; were the switches made by the forward pass with the same geometry?");
    }
    return index;
  }
}
