package dev.convoy.api.kernels;

/**
 * The element-wise functions {@link ActivationKernels} computes: a closed set, so a backend knows
 * every case it must handle. Each says which forward value its derivative is taken from.
 */
public sealed interface Activation {

  /**
   * Whether {@link ActivationKernels#backward} needs the forward output {@code y} (true) or the
   * forward input {@code x} (false); the other may be passed as null.
   */
  boolean backwardFromOutput();

  /** {@code max(0, x)}; gradient {@code dy where y > 0}. */
  record Relu() implements Activation {
    @Override
    public boolean backwardFromOutput() {
      return true;
    }
  }

  /** {@code x > 0 ? x : alpha * x}; gradient {@code x > 0 ? dy : alpha * dy}. */
  record LeakyRelu(float alpha) implements Activation {
    @Override
    public boolean backwardFromOutput() {
      return false;
    }
  }

  /**
   * {@code min(max(x, min), max)} (ReLU6 is {@code Clip(0, 6)}); gradient {@code min < x < max ? dy
   * : 0}, none at the bounds, as PyTorch's ReLU6/hardtanh.
   */
  record Clip(float min, float max) implements Activation {
    @Override
    public boolean backwardFromOutput() {
      return false;
    }
  }

  /** {@code 1 / (1 + exp(-x))}; gradient {@code dy * y * (1 - y)}. */
  record Sigmoid() implements Activation {
    @Override
    public boolean backwardFromOutput() {
      return true;
    }
  }

  /** {@code tanh(x)}; gradient {@code dy * (1 - y^2)}. */
  record Tanh() implements Activation {
    @Override
    public boolean backwardFromOutput() {
      return true;
    }
  }

  Activation RELU = new Relu();
}
