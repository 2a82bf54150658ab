package dev.convoy.tck;

import dev.convoy.api.PoolGeometry;

/**
 * Pooling straight from its definition, in double, written apart from any backend: the window of
 * output {@code (oh, ow)} starts at {@code (oh*strideH - padTop, ow*strideW - padLeft)}; values are
 * read where it overlaps the input; the average's divisor counts, with {@code countIncludePad},
 * the window's positions inside the padded input (PyTorch's rule), otherwise only real inputs.
 */
public final class DirectPool {
  private DirectPool() {}

  /** The pooled values (max, average or L2 norm of each window). */
  public static double[] forward(PoolGeometry g, float[] x) {
    double[] y = new double[g.n() * g.c() * g.outH() * g.outW()];
    for (int plane = 0; plane < g.n() * g.c(); plane++) {
      for (int oh = 0; oh < g.outH(); oh++) {
        for (int ow = 0; ow < g.outW(); ow++) {
          double max = Double.NEGATIVE_INFINITY;
          double sum = 0;
          double sumSquares = 0;
          int inputs = 0;
          int padded = 0;
          for (int i = 0; i < g.kh(); i++) {
            for (int j = 0; j < g.kw(); j++) {
              int ih = oh * g.strideH() - g.padTop() + i;
              int iw = ow * g.strideW() - g.padLeft() + j;
              if (ih < g.h() + g.padBottom() && iw < g.w() + g.padRight()) {
                padded++;
              }
              if (ih < 0 || ih >= g.h() || iw < 0 || iw >= g.w()) {
                continue;
              }
              double v = x[(plane * g.h() + ih) * g.w() + iw];
              max = Math.max(max, v);
              sum += v;
              sumSquares += v * v;
              inputs++;
            }
          }
          int at = (plane * g.outH() + oh) * g.outW() + ow;
          y[at] = switch (g.kind()) {
            case MAX -> max;
            case AVERAGE -> sum / (g.countIncludePad() ? padded : inputs);
            case L2 -> Math.sqrt(sumSquares);
          };
        }
      }
    }
    return y;
  }

  /**
   * The input gradient from {@code dy}: max sends each {@code dy} to the window's largest input
   * (inputs must have no ties), average spreads it over the window's inputs divided by the same
   * divisor as forward, L2 sends {@code dy * x / y}.
   */
  public static double[] backward(PoolGeometry g, float[] x, float[] dy) {
    double[] y = forward(g, x);
    double[] dx = new double[x.length];
    for (int plane = 0; plane < g.n() * g.c(); plane++) {
      for (int oh = 0; oh < g.outH(); oh++) {
        for (int ow = 0; ow < g.outW(); ow++) {
          int at = (plane * g.outH() + oh) * g.outW() + ow;
          int padded = 0;
          int inputs = 0;
          for (int i = 0; i < g.kh(); i++) {
            for (int j = 0; j < g.kw(); j++) {
              int ih = oh * g.strideH() - g.padTop() + i;
              int iw = ow * g.strideW() - g.padLeft() + j;
              if (ih < g.h() + g.padBottom() && iw < g.w() + g.padRight()) {
                padded++;
              }
              if (ih >= 0 && ih < g.h() && iw >= 0 && iw < g.w()) {
                inputs++;
              }
            }
          }
          for (int i = 0; i < g.kh(); i++) {
            for (int j = 0; j < g.kw(); j++) {
              int ih = oh * g.strideH() - g.padTop() + i;
              int iw = ow * g.strideW() - g.padLeft() + j;
              if (ih < 0 || ih >= g.h() || iw < 0 || iw >= g.w()) {
                continue;
              }
              int in = (plane * g.h() + ih) * g.w() + iw;
              dx[in] += switch (g.kind()) {
                case MAX -> x[in] == y[at] ? dy[at] : 0;
                case AVERAGE -> dy[at] / (g.countIncludePad() ? padded : inputs);
                case L2 -> y[at] == 0 ? 0 : dy[at] * x[in] / y[at];
              };
            }
          }
        }
      }
    }
    return dx;
  }
}
