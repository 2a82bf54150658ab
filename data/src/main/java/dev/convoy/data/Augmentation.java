package dev.convoy.data;

import dev.convoy.api.ConvoyException;
import java.util.Arrays;

/**
 * Seeded data augmentation for training: a random crop with zero padding (pad every side by
 * {@code padding} pixels, then cut an image of the original size at a random offset) and a random
 * horizontal flip, as torchvision's {@code RandomCrop(size, padding)} and
 * {@code RandomHorizontalFlip()}. It works on pixel values in [0, 1], before normalization, so a
 * padded pixel is black. What happens to an image is a pure function of a 64-bit value that
 * {@link Batcher} derives from (seed, epoch, image index): runs are reproducible.
 */
public final class Augmentation {
  private static final Augmentation NONE = new Augmentation(0, false);

  private final int padding;
  private final boolean flip;

  private Augmentation(int padding, boolean flip) {
    if (padding < 0 || padding > 1000) {
      throw new ConvoyException("crop padding must be between 0 and 1000 pixels, got " + padding);
    }
    this.padding = padding;
    this.flip = flip;
  }

  /** No augmentation: images pass through unchanged (use it for test sets). */
  public static Augmentation none() {
    return NONE;
  }

  /** Random crop with {@code padding} pixels of zero padding (0 for none) and optional flips. */
  public static Augmentation of(int padding, boolean flip) {
    return padding == 0 && !flip ? NONE : new Augmentation(padding, flip);
  }

  public int padding() {
    return padding;
  }

  public boolean flip() {
    return flip;
  }

  public boolean isNone() {
    return padding == 0 && !flip;
  }

  /**
   * Writes an augmented copy of the CHW image {@code src} to {@code dst} at {@code offset}; the
   * crop offset and the flip are taken from the bits of {@code random}.
   */
  void apply(float[] src, float[] dst, int offset, int channels, int height, int width, long random) {
    int span = 2 * padding + 1;
    int shiftX = (int) ((random & 0xFFFFF) % span) - padding;
    int shiftY = (int) (((random >>> 20) & 0xFFFFF) % span) - padding;
    boolean mirror = flip && ((random >>> 40) & 1) == 1;
    transform(src, dst, offset, channels, height, width, shiftX, shiftY, mirror);
  }

  /**
   * {@code dst[c][y][x] = src[c][y + shiftY][x' + shiftX]} where {@code x' = width-1-x} when
   * mirrored, else {@code x}; zero where that falls outside the source. (A crop at offset
   * {@code (shiftX + padding, shiftY + padding)} of the padded image, then a flip.)
   */
  static void transform(
      float[] src, float[] dst, int offset, int channels, int height, int width,
      int shiftX, int shiftY, boolean mirror) {
    for (int c = 0; c < channels; c++) {
      int plane = c * height * width;
      for (int y = 0; y < height; y++) {
        int sy = y + shiftY;
        int row = offset + plane + y * width;
        if (sy < 0 || sy >= height) {
          Arrays.fill(dst, row, row + width, 0f);
          continue;
        }
        int srcRow = plane + sy * width;
        for (int x = 0; x < width; x++) {
          int sx = (mirror ? width - 1 - x : x) + shiftX;
          dst[row + x] = sx < 0 || sx >= width ? 0f : src[srcRow + sx];
        }
      }
    }
  }

  @Override
  public String toString() {
    return isNone() ? "none" : "crop(padding=" + padding + ")" + (flip ? "+flip" : "");
  }
}
