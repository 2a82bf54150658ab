package dev.convoy.api;

import java.util.random.RandomGenerator;

/**
 * What the runtime hands a {@link Layer} for one forward or backward call: the backend's kernels
 * (its core through {@link #backend()}, its families through {@link #family}), the phase, a seeded
 * random source, and the layer's own parameters. Valid only during the call.
 */
public interface LayerContext extends Kernels {

  /** True while training (dropout drops, losses keep gradients); false for inference. */
  boolean training();

  /**
   * Randomness for this node and this step, seeded from the run's seed, so the same seed gives the
   * same dropout masks. Forward and backward of one step see the same sequence from the start.
   */
  RandomGenerator random();

  /** The value of the parameter declared as {@code name} in {@link Layer#parameters()}. */
  Volume param(String name);

  /** Where the gradient of parameter {@code name} accumulates during backward. */
  Volume paramGradient(String name);

  /**
   * For a layer about to write every value of parameter {@code name}'s gradient as {@code beta *
   * old + new} (a GEMM's beta): 0 when nothing has been accumulated into it this step, so it need
   * not be zeroed first and its old values must not be read; 1 otherwise. Ask before {@link
   * #paramGradient}, once per write. Default 1: the gradient was zeroed before backward.
   */
  default float paramGradientBeta(String name) {
    return 1f;
  }

  /**
   * Whether anything reads the gradient with respect to input {@code input} (in the node's input
   * order) during this backward call. False for a network input while training, where nothing does:
   * a layer may then skip that computation (a first CONV's whole input gradient) and return null in
   * its place. Default true: computing a gradient nobody reads is only waste.
   */
  default boolean needsInputGradient(int input) {
    return true;
  }
}
