package dev.convoy.backends.simd;

import dev.convoy.api.kernels.Activation;

/**
 * Every {@link Activation} over one range of an array, on the calling thread: what {@link
 * SimdActivations} splits across the pool and what the fused convolution applies to each run of
 * outputs it has just written. ReLU and Clip go through the vector kernels; the others are plain loops
 * that round exactly as the reference backend's (sigmoid and tanh in double).
 */
final class ActivationLoops {
  private final Kernels kernels;

  ActivationLoops(Kernels kernels) {
    this.kernels = kernels;
  }

  /** {@code y[i] = f(x[i])} for {@code i < n}; {@code y} may be {@code x}. */
  void forward(Activation f, float[] x, int xOff, float[] y, int yOff, int n) {
    switch (f) {
      // NaN stays NaN (as in PyTorch). The fused convolution's epilogue comes through here too.
      case Activation.Relu relu -> kernels.relu(x, xOff, y, yOff, n);
      case Activation.LeakyRelu(float alpha) -> {
        for (int i = 0; i < n; i++) {
          float v = x[xOff + i];
          y[yOff + i] = v > 0f ? v : alpha * v;
        }
      }
      // A scalar loop here cost MobileNet v2 about a millisecond per 1.2 M outputs.
      case Activation.Clip(float min, float max) -> kernels.clip(x, xOff, y, yOff, n, min, max);
      case Activation.Sigmoid sigmoid -> {
        for (int i = 0; i < n; i++) {
          y[yOff + i] = (float) (1.0 / (1.0 + Math.exp(-x[xOff + i])));
        }
      }
      case Activation.Tanh tanh -> {
        for (int i = 0; i < n; i++) {
          y[yOff + i] = (float) Math.tanh(x[xOff + i]);
        }
      }
    }
  }

  /**
   * {@code dx[i] = f'(.) * dy[i]} for {@code i < n}, from the forward output {@code y} or input
   * {@code x} as {@link Activation#backwardFromOutput()} says ({@code from} is that one); {@code dx}
   * may be {@code dy}.
   */
  void backward(Activation f, float[] from, int fromOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
    switch (f) {
      case Activation.Relu relu -> kernels.reluBackward(from, fromOff, dy, dyOff, dx, dxOff, n);
      case Activation.LeakyRelu(float alpha) -> {
        for (int i = 0; i < n; i++) {
          float g = dy[dyOff + i];
          dx[dxOff + i] = from[fromOff + i] > 0f ? g : alpha * g;
        }
      }
      case Activation.Clip(float min, float max) -> {
        for (int i = 0; i < n; i++) {
          float x = from[fromOff + i];
          dx[dxOff + i] = x > min && x < max ? dy[dyOff + i] : 0f;
        }
      }
      case Activation.Sigmoid sigmoid -> {
        for (int i = 0; i < n; i++) {
          float y = from[fromOff + i];
          dx[dxOff + i] = dy[dyOff + i] * y * (1f - y);
        }
      }
      case Activation.Tanh tanh -> {
        for (int i = 0; i < n; i++) {
          float y = from[fromOff + i];
          dx[dxOff + i] = dy[dyOff + i] * (1f - y * y);
        }
      }
    }
  }
}
