package dev.convoy.backends.reference;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.PoolGeometry;
import dev.convoy.api.PoolKind;
import dev.convoy.api.support.ArrayVolume;
import java.util.Arrays;

/**
 * Max, average and L2-norm pooling over each window of each plane, written out directly.
 *
 * <p>A window starts at {@code o*stride - padBefore} and is {@code kernel} wide. For the
 * average's divisor with {@code countIncludePad}, it is first clipped to the padded input (so a
 * ceil-mode window running past the padding never counts those positions), as PyTorch does; the
 * values read are always clipped to the real input. A window with no input position at all (only
 * possible with padding as wide as the window) gives 0 and routes no gradient.
 */
final class ReferencePool {
  private ReferencePool() {}

  /** One window of one plane: its extent clipped to the input, and the divisor for AVERAGE. */
  private record Window(int h0, int h1, int w0, int w1, int divisor) {
    boolean isEmpty() {
      return h0 >= h1 || w0 >= w1;
    }
  }

  private static Window window(PoolGeometry g, int oh, int ow) {
    int hStart = oh * g.strideH() - g.padTop();
    int wStart = ow * g.strideW() - g.padLeft();
    int hEndPadded = Math.min(hStart + g.kh(), g.h() + g.padBottom());
    int wEndPadded = Math.min(wStart + g.kw(), g.w() + g.padRight());
    int paddedCount = (hEndPadded - hStart) * (wEndPadded - wStart);
    int h0 = Math.max(hStart, 0);
    int w0 = Math.max(wStart, 0);
    int h1 = Math.min(hEndPadded, g.h());
    int w1 = Math.min(wEndPadded, g.w());
    int inputCount = Math.max(0, h1 - h0) * Math.max(0, w1 - w0);
    return new Window(h0, h1, w0, w1, g.countIncludePad() ? paddedCount : inputCount);
  }

  static void forward(PoolGeometry g, ArrayVolume x, ArrayVolume y, ArrayVolume switches) {
    int inPlane = g.h() * g.w();
    int outPlane = g.outH() * g.outW();
    for (int plane = 0; plane < g.n() * g.c(); plane++) {
      int in = plane * inPlane;
      for (int oh = 0; oh < g.outH(); oh++) {
        for (int ow = 0; ow < g.outW(); ow++) {
          int out = plane * outPlane + oh * g.outW() + ow;
          Window win = window(g, oh, ow);
          if (win.isEmpty()) {
            y.set(out, 0f);
            if (switches != null) {
              switches.set(out, -1f);
            }
            continue;
          }
          switch (g.kind()) {
            case MAX -> {
              int best = -1;
              float bestValue = Float.NEGATIVE_INFINITY;
              for (int ih = win.h0(); ih < win.h1(); ih++) {
                for (int iw = win.w0(); iw < win.w1(); iw++) {
                  float v = x.get(in + ih * g.w() + iw);
                  // The first maximum wins ties; the first NaN wins and propagates, as in PyTorch.
                  if (best < 0 || v > bestValue || Float.isNaN(v) && !Float.isNaN(bestValue)) {
                    best = ih * g.w() + iw;
                    bestValue = v;
                  }
                }
              }
              y.set(out, bestValue);
              if (switches != null) {
                switches.set(out, best);
              }
            }
            case AVERAGE -> {
              double sum = 0;
              for (int ih = win.h0(); ih < win.h1(); ih++) {
                for (int iw = win.w0(); iw < win.w1(); iw++) {
                  sum += x.get(in + ih * g.w() + iw);
                }
              }
              y.set(out, (float) (sum / win.divisor()));
            }
            case L2 -> {
              double sumSquares = 0;
              for (int ih = win.h0(); ih < win.h1(); ih++) {
                for (int iw = win.w0(); iw < win.w1(); iw++) {
                  double v = x.get(in + ih * g.w() + iw);
                  sumSquares += v * v;
                }
              }
              y.set(out, (float) Math.sqrt(sumSquares));
            }
          }
        }
      }
    }
  }

  static void backward(PoolGeometry g, ArrayVolume x, ArrayVolume y, ArrayVolume dy,
      ArrayVolume switches, ArrayVolume dx) {
    if (g.kind() == PoolKind.MAX && switches == null) {
      throw new ConvoyException("max-pool backward needs the switches recorded by the pooling forward; pass a switches"
          + " volume (shape of y) to forward and the same one here");
    }
    int inPlane = g.h() * g.w();
    int outPlane = g.outH() * g.outW();
    Arrays.fill(dx.array(), dx.offset(), dx.offset() + dx.size(), 0f);
    for (int plane = 0; plane < g.n() * g.c(); plane++) {
      int in = plane * inPlane;
      for (int oh = 0; oh < g.outH(); oh++) {
        for (int ow = 0; ow < g.outW(); ow++) {
          int out = plane * outPlane + oh * g.outW() + ow;
          float grad = dy.get(out);
          Window win = window(g, oh, ow);
          if (win.isEmpty()) {
            continue;
          }
          switch (g.kind()) {
            case MAX -> dx.add(in + switchIndex(g, switches.get(out)), grad);
            case AVERAGE -> {
              float share = grad / win.divisor();
              for (int ih = win.h0(); ih < win.h1(); ih++) {
                for (int iw = win.w0(); iw < win.w1(); iw++) {
                  dx.add(in + ih * g.w() + iw, share);
                }
              }
            }
            case L2 -> {
              float norm = y.get(out);
              if (norm == 0f) {
                continue;
              }
              for (int ih = win.h0(); ih < win.h1(); ih++) {
                for (int iw = win.w0(); iw < win.w1(); iw++) {
                  int at = in + ih * g.w() + iw;
                  dx.add(at, grad * x.get(at) / norm);
                }
              }
            }
          }
        }
      }
    }
  }

  private static int switchIndex(PoolGeometry g, float recorded) {
    int index = (int) recorded;
    if (index != recorded || index < 0 || index >= g.h() * g.w()) {
      throw new ConvoyException("max-pool switch " + recorded + " is not an index into a " + g.h() + "x" + g.w()
          + " input plane; were the switches made by the pooling forward with the same geometry?");
    }
    return index;
  }
}
