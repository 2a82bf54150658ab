package dev.convoy.api.support;

import dev.convoy.api.ConvoyException;
import java.util.Locale;

/**
 * What to do when {@code (W - F + 2P)/S + 1} is not a whole number. The notes say such
 * hyperparameters are invalid ({@link #EXACT}, Convoy's default); PyTorch and ONNX drop the
 * leftover ({@link #FLOOR}); pooling's ceil mode keeps a partial last window ({@link #CEIL}).
 * Spelled {@code round=exact|floor|ceil} in a layer spec.
 */
public enum Rounding {
  EXACT,
  FLOOR,
  CEIL;

  public static Rounding parse(String owner, String value) {
    try {
      return valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConvoyException(owner + ": round=" + value + " is not one of exact, floor, ceil");
    }
  }
}
