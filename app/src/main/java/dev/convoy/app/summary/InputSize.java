package dev.convoy.app.summary;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.Shape;

/**
 * An image size in the notes' order, {@code WxHxD} ({@code 384x384x3}), or {@code WxH} to keep the
 * model's depth, as {@code --input} takes it.
 *
 * @param depth 0 when not given
 */
public record InputSize(int width, int height, int depth) {

  public static InputSize parse(String text) {
    String[] parts = text.trim().toLowerCase(java.util.Locale.ROOT).split("x");
    if (parts.length < 2 || parts.length > 3) {
      throw bad(text);
    }
    int[] values = new int[3];
    for (int i = 0; i < parts.length; i++) {
      try {
        values[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        throw bad(text);
      }
      if (values[i] <= 0) {
        throw bad(text);
      }
    }
    return new InputSize(values[0], values[1], values[2]);
  }

  private static ConvoyException bad(String text) {
    return new ConvoyException("--input " + text + " is not an image size; give WxHxD (width x height x depth),"
        + " e.g. 384x384x3, or WxH to keep the model's depth");
  }

  /** The batch shape {@code [batch, D, H, W]}, with the model's depth when none was given. */
  public Shape toShape(int batch, int modelDepth) {
    return Shape.nchw(batch, depth == 0 ? modelDepth : depth, height, width);
  }
}
