package dev.convoy.api;

/**
 * Everything a backend needs to run one convolution over a batch in NCHW layout.
 *
 * <p>Input {@code x} is {@code [n, c, h, w]}, filters {@code [k, c/groups, kh, kw]}, bias
 * {@code [k]}, output {@code [n, k, outH, outW]}. Padding is per side (top, left, bottom, right)
 * with zeros. Dilation follows PyTorch and ONNX: dilation 1 is an ordinary filter, dilation 2 puts
 * one gap between taps ({@code w0*x0 + w1*x2 + w2*x4}; the CS231n notes call that "dilation 1").
 * The output size is computed by the layer (see {@code support.SpatialArithmetic}) and trusted here.
 */
public record ConvGeometry(
    int n, int c, int h, int w,
    int k, int kh, int kw,
    int strideH, int strideW,
    int padTop, int padLeft, int padBottom, int padRight,
    int dilationH, int dilationW,
    int groups,
    int outH, int outW) {

  public ConvGeometry {
    if (n < 0 || c <= 0 || h <= 0 || w <= 0 || k <= 0 || kh <= 0 || kw <= 0
        || strideH <= 0 || strideW <= 0 || dilationH <= 0 || dilationW <= 0 || groups <= 0
        || padTop < 0 || padLeft < 0 || padBottom < 0 || padRight < 0 || outH <= 0 || outW <= 0) {
      throw new ShapeException("invalid convolution geometry " + describe(n, c, h, w, k, kh, kw));
    }
    if (c % groups != 0 || k % groups != 0) {
      throw new ShapeException("groups=" + groups + " must divide input depth " + c + " and filter count " + k);
    }
  }

  private static String describe(int n, int c, int h, int w, int k, int kh, int kw) {
    return "n=" + n + " c=" + c + " h=" + h + " w=" + w + " k=" + k + " kernel=" + kh + "x" + kw;
  }

  public Shape inputShape() {
    return Shape.nchw(n, c, h, w);
  }

  public Shape filterShape() {
    return Shape.nchw(k, c / groups, kh, kw);
  }

  public Shape outputShape() {
    return Shape.nchw(n, k, outH, outW);
  }

  /** Rows of one image's im2col matrix: every filter tap over the full input depth, {@code c*kh*kw}. */
  public int colRows() {
    return c * kh * kw;
  }

  /** Columns of one image's im2col matrix: one per output position, {@code outH*outW}. */
  public int colCols() {
    return outH * outW;
  }

  /** Shape of one image's im2col matrix {@code [c*kh*kw, outH*outW]} (AlexNet conv1: 363 x 3025). */
  public Shape colShape() {
    return Shape.of(colRows(), colCols());
  }

  /** The same geometry for a different batch size. */
  public ConvGeometry withBatch(int batch) {
    return new ConvGeometry(batch, c, h, w, k, kh, kw, strideH, strideW,
        padTop, padLeft, padBottom, padRight, dilationH, dilationW, groups, outH, outW);
  }

  /**
   * Checks that {@code batch} is a batch of this geometry's input images ({@code [N, c, h, w]}, any
   * N) and that {@code image} is one of them, for the per-image calls {@code im2col} and {@code
   * col2im}; otherwise a {@link ShapeException} naming {@code role}.
   */
  public void requireImage(Shape batch, int image, String role) {
    if (batch.rank() != 4 || batch.c() != c || batch.h() != h || batch.w() != w) {
      throw new ShapeException(role + " has shape " + batch + " but a batch of " + c + "x" + h + "x" + w
          + " images [N, " + c + ", " + h + ", " + w + "] is needed");
    }
    if (image < 0 || image >= batch.n()) {
      throw new ShapeException(role + ": image " + image + " is outside the batch of " + batch.n());
    }
  }

  /** Multiply-adds of the forward pass; FLOPs are twice this. */
  public long multiplyAdds() {
    return (long) n * k * (c / groups) * kh * kw * outH * outW;
  }
}
