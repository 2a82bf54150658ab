package dev.convoy.tck;

import dev.convoy.api.ConvGeometry;
import dev.convoy.api.support.Rounding;
import dev.convoy.api.support.SpatialArithmetic;
import java.util.List;

/**
 * The convolution geometries every conv kernel is checked on: an ordinary case plus the edge
 * cases where implementations usually break (1x1 images, batch 1, kernel as large as the input,
 * stride larger than the kernel, asymmetric padding, dilation 2 and 3, groups and depthwise, odd sizes).
 */
public final class ConvCases {
  private ConvCases() {}

  /** A named geometry; the name appears in failure messages. */
  public record Case(String name, ConvGeometry g) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** Every case, small enough that all of them run in well under a second on the reference backend. */
  public static List<Case> all() {
    return List.of(
        of("3x3 pad 1", 2, 3, 7, 6, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1),
        of("1x1 image, 1x1 kernel", 1, 2, 1, 1, 3, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1),
        of("1x1 image, 3x3 kernel pad 1", 1, 2, 1, 1, 2, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1),
        of("batch 1, kernel == input", 1, 3, 5, 4, 2, 5, 4, 1, 1, 0, 0, 0, 0, 1, 1, 1),
        of("stride 3 > kernel 2", 2, 2, 9, 8, 3, 2, 2, 3, 3, 0, 0, 0, 0, 1, 1, 1),
        of("stride 2 pad 1", 2, 3, 8, 7, 4, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1),
        of("asymmetric pads 0/2/1/0, stride 2x1", 2, 3, 6, 7, 2, 3, 2, 2, 1, 0, 2, 1, 0, 1, 1, 1),
        of("dilation 2", 2, 2, 9, 9, 3, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2, 1),
        of("dilation 3x2, rectangular 3x2, stride 1x2", 1, 2, 11, 10, 2, 3, 2, 1, 2, 1, 1, 1, 1, 3, 2, 1),
        of("groups 2", 2, 4, 6, 6, 6, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 2),
        of("depthwise", 2, 3, 5, 5, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 3),
        of("depthwise, multiplier 2, stride 2", 1, 3, 7, 6, 6, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 3),
        of("odd sizes 5x3 kernel, stride 2, pads 2/1/1/2", 3, 5, 13, 11, 7, 5, 3, 2, 2, 2, 1, 1, 2, 1, 1, 1),
        of("floor rounding drops a leftover column", 1, 2, 6, 8, 2, 3, 3, 2, 2, 0, 0, 0, 0, 1, 1, 1));
  }

  /** A geometry with output sizes from {@link SpatialArithmetic} (rounding down, as PyTorch). */
  public static ConvGeometry geometry(int n, int c, int h, int w, int k, int kh, int kw, int strideH, int strideW,
      int padTop, int padLeft, int padBottom, int padRight, int dilationH, int dilationW, int groups) {
    int outH = SpatialArithmetic.outputSize("tck", "H", h, kh, strideH, padTop, padBottom, dilationH, Rounding.FLOOR);
    int outW = SpatialArithmetic.outputSize("tck", "W", w, kw, strideW, padLeft, padRight, dilationW, Rounding.FLOOR);
    return new ConvGeometry(n, c, h, w, k, kh, kw, strideH, strideW, padTop, padLeft, padBottom, padRight,
        dilationH, dilationW, groups, outH, outW);
  }

  private static Case of(String name, int n, int c, int h, int w, int k, int kh, int kw, int strideH, int strideW,
      int padTop, int padLeft, int padBottom, int padRight, int dilationH, int dilationW, int groups) {
    return new Case(name, geometry(n, c, h, w, k, kh, kw, strideH, strideW, padTop, padLeft, padBottom, padRight,
        dilationH, dilationW, groups));
  }
}
