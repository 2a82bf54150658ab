package dev.convoy.api.kernels;

import dev.convoy.api.KernelFamily;
import dev.convoy.api.Volume;

/** The update arithmetic of the optimizers, in place, over volumes of one size. */
public interface OptimizerKernels extends KernelFamily {

  /**
   * One step of SGD with momentum: {@code velocity = momentum * velocity + gradient}, then {@code
   * value -= learningRate * velocity}, rounded as {@code axpby} then {@code axpy} round it.
   */
  void momentumStep(float learningRate, float momentum, Volume gradient, Volume velocity, Volume value);

  /** {@code acc = decay * acc + weight * x^2}: the squared-gradient caches of Adagrad, RMSProp and Adam. */
  void accumulateSquares(float decay, float weight, Volume x, Volume acc);

  /** {@code y += alpha * numerator / (sqrtScale * sqrt(squares) + epsilon)}: the adaptive step. */
  void addQuotientBySqrt(float alpha, Volume numerator, Volume squares, float sqrtScale, float epsilon, Volume y);
}
