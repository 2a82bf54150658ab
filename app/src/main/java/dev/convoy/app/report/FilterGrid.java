package dev.convoy.app.report;

import java.awt.image.BufferedImage;

/**
 * The first layer's filters as an image grid, the way the notes show AlexNet's 96 filters: one tile
 * per filter, RGB when the filter has 3 input channels, grey otherwise (first channel), each tile
 * scaled to its own min..max so weak filters still show their pattern.
 */
final class FilterGrid {
  private FilterGrid() {}

  /** {@code weights} in {@code [k, c, kh, kw]} order. */
  static BufferedImage render(float[] weights, int k, int c, int kh, int kw) {
    int scale = Math.max(4, 48 / Math.max(kh, kw));
    int columns = (int) Math.ceil(Math.sqrt(k));
    int rows = (k + columns - 1) / columns;
    int gap = 2;
    int tileW = kw * scale;
    int tileH = kh * scale;
    BufferedImage image = new BufferedImage(columns * (tileW + gap) + gap, rows * (tileH + gap) + gap,
        BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        image.setRGB(x, y, 0x202020);
      }
    }
    int perFilter = c * kh * kw;
    boolean rgb = c == 3;
    for (int f = 0; f < k; f++) {
      int base = f * perFilter;
      int used = rgb ? perFilter : kh * kw;
      float min = Float.POSITIVE_INFINITY;
      float max = Float.NEGATIVE_INFINITY;
      for (int i = 0; i < used; i++) {
        min = Math.min(min, weights[base + i]);
        max = Math.max(max, weights[base + i]);
      }
      float span = max > min ? max - min : 1f;
      int ox = gap + (f % columns) * (tileW + gap);
      int oy = gap + (f / columns) * (tileH + gap);
      for (int y = 0; y < kh; y++) {
        for (int x = 0; x < kw; x++) {
          int r = level(weights[base + y * kw + x], min, span);
          int g = rgb ? level(weights[base + kh * kw + y * kw + x], min, span) : r;
          int b = rgb ? level(weights[base + 2 * kh * kw + y * kw + x], min, span) : r;
          int color = (r << 16) | (g << 8) | b;
          for (int dy = 0; dy < scale; dy++) {
            for (int dx = 0; dx < scale; dx++) {
              image.setRGB(ox + x * scale + dx, oy + y * scale + dy, color);
            }
          }
        }
      }
    }
    return image;
  }

  private static int level(float value, float min, float span) {
    return Math.clamp(Math.round((value - min) / span * 255f), 0, 255);
  }
}
