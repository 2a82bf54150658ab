package dev.convoy.data;

/**
 * Resizes one image plane of floats, separably: bilinear interpolation when enlarging (pixel
 * centres at half-integers, as PyTorch's {@code align_corners=False} and OpenCV), area averaging
 * when shrinking, so that a large photo shrunk to 32x32 is smoothed rather than aliased.
 */
final class Resampler {
  private Resampler() {}

  static float[] resize(float[] src, int srcWidth, int srcHeight, int width, int height) {
    if (srcWidth == width && srcHeight == height) {
      return src;
    }
    Taps horizontal = Taps.of(srcWidth, width);
    Taps vertical = Taps.of(srcHeight, height);
    float[] rows = new float[width * srcHeight];
    for (int y = 0; y < srcHeight; y++) {
      horizontal.apply(src, y * srcWidth, 1, rows, y * width, 1);
    }
    float[] out = new float[width * height];
    for (int x = 0; x < width; x++) {
      vertical.apply(rows, x, width, out, x, width);
    }
    return out;
  }

  /** For each output position, the first source index and the weights of consecutive sources. */
  private record Taps(int[] first, float[][] weights) {
    static Taps of(int srcSize, int dstSize) {
      int[] first = new int[dstSize];
      float[][] weights = new float[dstSize][];
      double scale = (double) srcSize / dstSize;
      for (int j = 0; j < dstSize; j++) {
        if (scale <= 1) {
          double centre = Math.clamp((j + 0.5) * scale - 0.5, 0, srcSize - 1);
          int i0 = (int) Math.floor(centre);
          double frac = centre - i0;
          first[j] = i0;
          weights[j] = i0 + 1 < srcSize
              ? new float[] {(float) (1 - frac), (float) frac} : new float[] {1f};
        } else {
          double start = j * scale;
          double end = Math.min(srcSize, (j + 1) * scale);
          int i0 = (int) Math.floor(start);
          int i1 = (int) Math.ceil(end);
          first[j] = i0;
          weights[j] = new float[i1 - i0];
          for (int i = i0; i < i1; i++) {
            double overlap = Math.min(end, i + 1) - Math.max(start, i);
            weights[j][i - i0] = (float) (overlap / scale);
          }
        }
      }
      return new Taps(first, weights);
    }

    void apply(float[] src, int srcOffset, int srcStride, float[] dst, int dstOffset, int dstStride) {
      for (int j = 0; j < first.length; j++) {
        float[] w = weights[j];
        float sum = 0;
        int s = srcOffset + first[j] * srcStride;
        for (int k = 0; k < w.length; k++, s += srcStride) {
          sum += w[k] * src[s];
        }
        dst[dstOffset + j * dstStride] = sum;
      }
    }
  }
}
