package dev.convoy.backends.reference;

import dev.convoy.api.ConvGeometry;
import dev.convoy.api.support.ArrayVolume;
import java.util.Arrays;

/**
 * Convolution as the notes implement it: per image, im2col into {@code X_col [c*kh*kw, outH*outW]}
 * and multiply by {@code W_row [k, c*kh*kw]}, one block per group. The backward passes are the
 * transposed products: {@code dX_col = W_row^T x dY} then col2im, and {@code dW += dY x X_col^T}.
 *
 * <p>With groups, filter block {@code g} ({@code k/groups} rows of {@code W_row}, each
 * {@code (c/groups)*kh*kw} long) sees only the rows of {@code X_col} for input channels of group
 * {@code g}, which are contiguous because rows are ordered channel first.
 */
final class ReferenceConv {
  private ReferenceConv() {}

  static void forward(ConvGeometry g, ArrayVolume x, ArrayVolume w, ArrayVolume bias, ArrayVolume y) {
    float[] col = new float[g.colRows() * g.colCols()];
    float[] yArr = y.array();
    int outPlane = g.colCols();
    for (int image = 0; image < g.n(); image++) {
      ReferenceIm2col.im2col(x.array(), x.offset(), image, g, col, 0);
      int yImage = y.offset() + image * g.k() * outPlane;
      for (int group = 0; group < g.groups(); group++) {
        // Y_g [kg, P] = W_g [kg, tapsPerGroup] x X_col_g [tapsPerGroup, P]
        ReferenceGemm.multiply(false, false, filtersPerGroup(g), outPlane, tapsPerGroup(g), 1f,
            w.array(), w.offset() + group * filtersPerGroup(g) * tapsPerGroup(g), tapsPerGroup(g),
            col, group * tapsPerGroup(g) * outPlane, outPlane,
            0f, yArr, yImage + group * filtersPerGroup(g) * outPlane, outPlane);
      }
      if (bias != null) {
        for (int f = 0; f < g.k(); f++) {
          for (int p = 0; p < outPlane; p++) {
            yArr[yImage + f * outPlane + p] += bias.get(f);
          }
        }
      }
    }
  }

  static void backwardData(ConvGeometry g, ArrayVolume dy, ArrayVolume w, ArrayVolume dx) {
    float[] col = new float[g.colRows() * g.colCols()];
    int outPlane = g.colCols();
    int inImage = g.c() * g.h() * g.w();
    Arrays.fill(dx.array(), dx.offset(), dx.offset() + g.n() * inImage, 0f);
    for (int image = 0; image < g.n(); image++) {
      int dyImage = dy.offset() + image * g.k() * outPlane;
      for (int group = 0; group < g.groups(); group++) {
        // dX_col_g [tapsPerGroup, P] = W_g^T [tapsPerGroup, kg] x dY_g [kg, P]
        ReferenceGemm.multiply(true, false, tapsPerGroup(g), outPlane, filtersPerGroup(g), 1f,
            w.array(), w.offset() + group * filtersPerGroup(g) * tapsPerGroup(g), tapsPerGroup(g),
            dy.array(), dyImage + group * filtersPerGroup(g) * outPlane, outPlane,
            0f, col, group * tapsPerGroup(g) * outPlane, outPlane);
      }
      ReferenceIm2col.col2im(col, 0, g, dx.array(), dx.offset(), image);
    }
  }

  static void accumulateFilterGradient(ConvGeometry g, ArrayVolume x, ArrayVolume dy, ArrayVolume dw) {
    float[] col = new float[g.colRows() * g.colCols()];
    int outPlane = g.colCols();
    for (int image = 0; image < g.n(); image++) {
      ReferenceIm2col.im2col(x.array(), x.offset(), image, g, col, 0);
      int dyImage = dy.offset() + image * g.k() * outPlane;
      for (int group = 0; group < g.groups(); group++) {
        // dW_g [kg, tapsPerGroup] += dY_g [kg, P] x X_col_g^T [P, tapsPerGroup]
        ReferenceGemm.multiply(false, true, filtersPerGroup(g), tapsPerGroup(g), outPlane, 1f,
            dy.array(), dyImage + group * filtersPerGroup(g) * outPlane, outPlane,
            col, group * tapsPerGroup(g) * outPlane, outPlane,
            1f, dw.array(), dw.offset() + group * filtersPerGroup(g) * tapsPerGroup(g), tapsPerGroup(g));
      }
    }
  }

  /** Filters in one group, {@code k/groups}: rows of one block of {@code W_row}. */
  private static int filtersPerGroup(ConvGeometry g) {
    return g.k() / g.groups();
  }

  /** Taps one filter has, {@code (c/groups)*kh*kw}: the length of a {@code W_row} row. */
  private static int tapsPerGroup(ConvGeometry g) {
    return g.c() / g.groups() * g.kh() * g.kw();
  }
}
