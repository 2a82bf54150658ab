package dev.convoy.api.support;

import dev.convoy.api.Attributes;
import dev.convoy.api.ConvoyException;
import java.util.Arrays;

/**
 * Zero padding per side, read from the {@code pad} attribute: one int for every side, {@code [ph, pw]}
 * for top/bottom and left/right, or ONNX's {@code [top, left, bottom, right]}.
 */
public record Padding(int top, int left, int bottom, int right) {

  public static Padding parse(String owner, Attributes attributes) {
    Object raw = attributes.raw("pad");
    int[] p = switch (raw) {
      case null -> new int[] {0};
      case Integer i -> new int[] {i};
      case int[] a -> a;
      default -> throw new ConvoyException(owner + ": pad must be an int or an int list, got " + raw);
    };
    Padding padding = switch (p.length) {
      case 1 -> new Padding(p[0], p[0], p[0], p[0]);
      case 2 -> new Padding(p[0], p[1], p[0], p[1]);
      case 4 -> new Padding(p[0], p[1], p[2], p[3]);
      default -> throw new ConvoyException(owner + ": pad " + Arrays.toString(p)
          + " has " + p.length + " values; give 1 (all sides), 2 [ph, pw] or 4 [top, left, bottom, right]");
    };
    if (padding.top < 0 || padding.left < 0 || padding.bottom < 0 || padding.right < 0) {
      throw new ConvoyException(owner + ": pad " + Arrays.toString(p) + " must not be negative");
    }
    return padding;
  }

  /** {@code [top, left, bottom, right]}, the order of the four-value {@code pad} attribute. */
  @Override
  public String toString() {
    return "[" + top + ", " + left + ", " + bottom + ", " + right + "]";
  }
}
