package dev.convoy.api.kernels;

import dev.convoy.api.KernelFamily;
import dev.convoy.api.Volume;

/** One element-wise {@link Activation} and its gradient, over volumes of any shape. */
public interface ActivationKernels extends KernelFamily {

  /** {@code y = f(x)}; {@code y} may be {@code x}. Overwrites {@code y}. */
  void forward(Activation f, Volume x, Volume y);

  /**
   * {@code dx = f'(.) * dy}, from the forward output {@code y} or input {@code x} as {@link
   * Activation#backwardFromOutput()} says (the other may be null). Overwrites {@code dx}, which may be {@code dy}.
   */
  void backward(Activation f, Volume x, Volume y, Volume dy, Volume dx);
}
