package dev.convoy.runtime;

import dev.convoy.api.Backend;
import dev.convoy.api.Parameter;
import dev.convoy.api.Volume;

/**
 * A parameter's value and gradient, both owned by the {@link Model} that made them. The gradient is
 * allocated on first use, so a model that only infers holds its weights once, not twice. Zeroing the
 * gradient is deferred until someone reads it: a layer that overwrites the whole gradient (an FC
 * layer's weight-gradient GEMM with beta 0, see {@link #gradientBeta()}) then never pays for the
 * zeros, which for LeNet's FC-1024 weights is a 12.8 MB fill and as much read back every step.
 */
final class TrainableParameter implements Parameter {
  private final String name;
  private final Volume value;
  private final Backend backend;
  /** Null until the first backward or optimizer step asks for it. */
  private Volume gradient;
  private boolean zeroPending;

  TrainableParameter(String name, Volume value, Backend backend) {
    this.name = name;
    this.value = value;
    this.backend = backend;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Volume value() {
    return value;
  }

  /** The gradient, zeroed first if a zeroing is pending. */
  @Override
  public Volume gradient() {
    if (gradient == null) {
      gradient = backend.allocate(value.shape());
      zeroPending = false;
    } else if (zeroPending) {
      backend.fill(gradient, 0f);
      zeroPending = false;
    }
    return gradient;
  }

  /** Makes the gradient read as zeros from now on, without writing them yet. */
  void zeroLazily() {
    zeroPending = true;
  }

  /**
   * 0 if the gradient is still to be zeroed, and then its caller must overwrite all of it (its old
   * values are left as they were); 1 if something has already been accumulated into it.
   */
  float gradientBeta() {
    if (gradient == null) {
      gradient = backend.allocateForOverwrite(value.shape());
      zeroPending = false;
      return 0f;
    }
    float beta = zeroPending ? 0f : 1f;
    zeroPending = false;
    return beta;
  }

  /** Frees the gradient, if one was ever made. */
  void closeGradient() {
    if (gradient != null) {
      gradient.close();
      gradient = null;
    }
  }

  @Override
  public String toString() {
    return "TrainableParameter[" + name + "]";
  }
}
