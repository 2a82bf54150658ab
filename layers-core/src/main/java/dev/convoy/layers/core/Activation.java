package dev.convoy.layers.core;

import dev.convoy.api.Backend;
import dev.convoy.api.Volume;

/**
 * An element-wise function as a pair of backend kernels. Backward receives both the forward input
 * and output, so each function uses whichever its derivative is cheaper from (sigmoid and tanh the
 * output, leaky ReLU and clip the input).
 */
interface Activation {

  void forward(Backend b, Volume x, Volume y);

  void backward(Backend b, Volume x, Volume y, Volume dy, Volume dx);

  /** {@code x > 0 ? x : alpha * x}. */
  record LeakyRelu(float alpha) implements Activation {
    @Override
    public void forward(Backend b, Volume x, Volume y) {
      b.leakyRelu(alpha, x, y);
    }

    @Override
    public void backward(Backend b, Volume x, Volume y, Volume dy, Volume dx) {
      b.leakyReluBackward(alpha, x, dy, dx);
    }
  }

  /** {@code min(max(x, min), max)}; ReLU6 is {@code Clip(0, 6)}. */
  record Clip(float min, float max) implements Activation {
    @Override
    public void forward(Backend b, Volume x, Volume y) {
      b.clip(min, max, x, y);
    }

    @Override
    public void backward(Backend b, Volume x, Volume y, Volume dy, Volume dx) {
      b.clipBackward(min, max, x, dy, dx);
    }
  }

  /** {@code 1 / (1 + exp(-x))}. */
  record Sigmoid() implements Activation {
    @Override
    public void forward(Backend b, Volume x, Volume y) {
      b.sigmoid(x, y);
    }

    @Override
    public void backward(Backend b, Volume x, Volume y, Volume dy, Volume dx) {
      b.sigmoidBackward(y, dy, dx);
    }
  }

  /** {@code tanh(x)}. */
  record Tanh() implements Activation {
    @Override
    public void forward(Backend b, Volume x, Volume y) {
      b.tanh(x, y);
    }

    @Override
    public void backward(Backend b, Volume x, Volume y, Volume dy, Volume dx) {
      b.tanhBackward(y, dy, dx);
    }
  }
}
