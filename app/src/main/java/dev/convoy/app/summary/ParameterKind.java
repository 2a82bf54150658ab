package dev.convoy.app.summary;

import dev.convoy.api.ParamSpec;

/**
 * What a declared parameter is for the accounting: a weight, a bias (the notes' table leaves
 * biases out of its weights column) or state that is saved but not trained ({@link
 * ParamSpec#trainable()} false, e.g. BatchNorm's {@code running_mean}), which has no gradient or
 * optimizer state and which PyTorch does not count among a model's parameters.
 */
public enum ParameterKind {
  WEIGHT,
  BIAS,
  STATISTIC;

  public static ParameterKind of(ParamSpec spec) {
    if (!spec.trainable()) {
      return STATISTIC;
    }
    return spec.name().equals("bias") ? BIAS : WEIGHT;
  }
}
