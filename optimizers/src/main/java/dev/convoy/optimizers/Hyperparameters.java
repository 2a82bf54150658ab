package dev.convoy.optimizers;

import dev.convoy.api.Attributes;
import dev.convoy.api.ConvoyException;

/** Reads an optimizer's hyperparameters with its defaults, failing with messages that name the optimizer. */
final class Hyperparameters {
  private final String optimizer;
  private final Attributes values;

  Hyperparameters(String optimizer, Attributes values) {
    this.optimizer = optimizer;
    this.values = values;
  }

  /** A number {@code > 0} (learning rates, epsilons). */
  float positive(String name, float fallback) {
    float v = values.getFloat(name, fallback);
    if (!(v > 0) || Float.isInfinite(v)) {
      throw new ConvoyException("optimizer " + optimizer + ": " + name + " must be a positive number, got " + v);
    }
    return v;
  }

  /** A finite number {@code >= 0} (weight decay, lr decay, initial accumulator). */
  float nonNegative(String name, float fallback) {
    float v = values.getFloat(name, fallback);
    if (!(v >= 0) || Float.isInfinite(v)) {
      throw new ConvoyException("optimizer " + optimizer + ": " + name + " must be >= 0, got " + v);
    }
    return v;
  }

  /** A number in {@code [0, 1)} (momentum, betas, RMSProp's alpha). */
  float fraction(String name, float fallback) {
    float v = values.getFloat(name, fallback);
    if (!(v >= 0 && v < 1)) {
      throw new ConvoyException("optimizer " + optimizer + ": " + name + " must be in [0, 1), got " + v);
    }
    return v;
  }
}
