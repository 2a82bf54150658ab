package dev.convoy.api;

/** How the runtime fills a parameter before training; the runtime's seeded generator draws the values. */
public sealed interface Init {

  /** All {@code value}. */
  record Constant(float value) implements Init {}

  /** Uniform in {@code [-bound, bound)}. */
  record Uniform(float bound) implements Init {}

  /** Normal with mean 0 and the given standard deviation. */
  record Normal(float std) implements Init {}

  static Init zeros() {
    return new Constant(0f);
  }

  /**
   * PyTorch's default for Conv and Linear weights and biases, {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))},
   * so that networks defined alike train alike in both tools.
   */
  static Init fanInUniform(int fanIn) {
    return new Uniform((float) (1.0 / Math.sqrt(fanIn)));
  }

  /** He et al. 2015 for ReLU networks: {@code N(0, sqrt(2/fanIn))}, as the CS231n notes recommend. */
  static Init he(int fanIn) {
    return new Normal((float) Math.sqrt(2.0 / fanIn));
  }
}
