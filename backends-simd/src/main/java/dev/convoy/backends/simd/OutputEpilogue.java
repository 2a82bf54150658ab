package dev.convoy.backends.simd;

import dev.convoy.api.kernels.Activation;

/**
 * What the fused convolution does to each run of outputs right after a task has written it (the
 * convolution plus bias), while the run is still in cache: add the residual, then apply the
 * activation. Each is the same float operation the separate kernels do, in the same order, so
 * fused and unfused results are equal bit for bit.
 */
final class OutputEpilogue {
  private final Kernels kernels;
  private final ActivationLoops activations;
  private final float[] residual;
  /** Index in {@code residual} minus index in y of the same output. */
  private final int residualShift;
  private final Activation activation;

  /**
   * For outputs {@code y} starting at {@code yOff}: {@code residual} (null for none) holds the
   * matching values from {@code residualOff} on; {@code activation} may be null.
   */
  OutputEpilogue(Kernels kernels, ActivationLoops activations, float[] residual, int residualOff, int yOff,
      Activation activation) {
    this.kernels = kernels;
    this.activations = activations;
    this.residual = residual;
    this.residualShift = residualOff - yOff;
    this.activation = activation;
  }

  /** Whether a copy-out can do all of it ({@link Kernels#copyColumnPlusResidualRelu}): no activation or ReLU. */
  boolean fitsCopyOut() {
    return activation == null || activation instanceof Activation.Relu;
  }

  /**
   * Copies one filter's column of a product tile out with its bias as {@link Kernels#copyColumnPlus}
   * does, adding the residual and applying ReLU on the way; only when {@link #fitsCopyOut()}.
   */
  void copyOut(float[] product, int f, int cols, float[] y, int at, int count, float bias) {
    kernels.copyColumnPlusResidualRelu(product, f, cols, y, at, count, bias, residual, at + residualShift,
        activation != null);
  }

  /** {@code y[i] = activation(y[i] + residual[i])} for the {@code n} outputs from {@code y[at]}. */
  void apply(float[] y, int at, int n) {
    if (residual != null && activation instanceof Activation.Relu) {
      kernels.addIntoThenRelu(residual, at + residualShift, y, at, n); // ResNet's case, in one pass
      return;
    }
    if (residual != null) {
      kernels.addInto(residual, at + residualShift, y, at, n);
    }
    if (activation != null) {
      activations.forward(activation, y, at, y, at, n);
    }
  }
}
