package dev.convoy.runtime;

import dev.convoy.api.Backend;
import dev.convoy.api.Parameter;
import dev.convoy.api.Volume;

/**
 * A parameter's value and gradient, both owned by the {@link Model} that made them. Zeroing the
 * gradient is deferred until someone reads it: a layer that overwrites the whole gradient (an FC
 * layer's weight-gradient GEMM with beta 0, see {@link #gradientBeta()}) then never pays for the
 * zeros, which for LeNet's FC-1024 weights is a 12.8 MB fill and as much read back every step.
 */
final class TrainableParameter implements Parameter {
  private final String name;
  private final Volume value;
  private final Volume gradient;
  private final Backend backend;
  private boolean zeroPending;

  TrainableParameter(String name, Volume value, Volume gradient, Backend backend) {
    this.name = name;
    this.value = value;
    this.gradient = gradient;
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
    if (zeroPending) {
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
    float beta = zeroPending ? 0f : 1f;
    zeroPending = false;
    return beta;
  }

  /** The gradient volume as it is, for freeing it. */
  Volume gradientStorage() {
    return gradient;
  }

  @Override
  public String toString() {
    return "TrainableParameter[" + name + "]";
  }
}
