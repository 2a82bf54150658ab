package dev.convoy.api;

/**
 * One pooling operation over a batch in NCHW layout: input {@code [n, c, h, w]}, output
 * {@code [n, c, outH, outW]}. Padding is per side; padded positions never win a max and, for
 * average pooling, count toward the divisor only when {@code countIncludePad} is set. Windows that
 * a ceil-mode output lets run past the padded input are clipped. The output size is computed by
 * the layer and trusted here.
 */
public record PoolGeometry(
    PoolKind kind,
    int n, int c, int h, int w,
    int kh, int kw,
    int strideH, int strideW,
    int padTop, int padLeft, int padBottom, int padRight,
    boolean countIncludePad,
    int outH, int outW) {

  public PoolGeometry {
    if (kind == null || n < 0 || c <= 0 || h <= 0 || w <= 0 || kh <= 0 || kw <= 0 || strideH <= 0
        || strideW <= 0 || padTop < 0 || padLeft < 0 || padBottom < 0 || padRight < 0
        || outH <= 0 || outW <= 0) {
      throw new ShapeException("invalid pooling geometry: " + kind + " input " + n + "x" + c + "x" + h + "x" + w
          + " window " + kh + "x" + kw + " stride " + strideH + "x" + strideW);
    }
  }

  public Shape inputShape() {
    return Shape.nchw(n, c, h, w);
  }

  public Shape outputShape() {
    return Shape.nchw(n, c, outH, outW);
  }

  /** The same geometry for a different batch size. */
  public PoolGeometry withBatch(int batch) {
    return new PoolGeometry(kind, batch, c, h, w, kh, kw, strideH, strideW,
        padTop, padLeft, padBottom, padRight, countIncludePad, outH, outW);
  }
}
