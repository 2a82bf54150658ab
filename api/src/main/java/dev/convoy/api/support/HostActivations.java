package dev.convoy.api.support;

import dev.convoy.api.Volume;

/**
 * The default, host-side implementations of the activation kernels of {@link dev.convoy.api.Backend}
 * (leaky ReLU, clip, sigmoid, tanh and their backward passes): they read the volumes with
 * {@link Volume#toArray()}, loop, and {@link Volume#write} the result, so every backend supports
 * them until it overrides them with its own. Outputs may be the same volume as an input.
 */
public final class HostActivations {
  private HostActivations() {}

  /** {@code y = x > 0 ? x : alpha * x}. */
  public static void leakyRelu(float alpha, Volume x, Volume y) {
    float[] v = x.toArray();
    HostArrays.requireSize(y, v.length, "leakyRelu y");
    for (int i = 0; i < v.length; i++) {
      v[i] = v[i] > 0f ? v[i] : alpha * v[i];
    }
    y.write(v);
  }

  /** {@code dx = x > 0 ? dy : alpha * dy}. */
  public static void leakyReluBackward(float alpha, Volume x, Volume dy, Volume dx) {
    float[] in = x.toArray();
    float[] g = HostArrays.read(dy, in.length, "leakyReluBackward dy");
    HostArrays.requireSize(dx, in.length, "leakyReluBackward dx");
    for (int i = 0; i < in.length; i++) {
      g[i] = in[i] > 0f ? g[i] : alpha * g[i];
    }
    dx.write(g);
  }

  /** {@code y = min(max(x, min), max)}. */
  public static void clip(float min, float max, Volume x, Volume y) {
    float[] v = x.toArray();
    HostArrays.requireSize(y, v.length, "clip y");
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.min(Math.max(v[i], min), max);
    }
    y.write(v);
  }

  /** {@code dx = min < x < max ? dy : 0}. */
  public static void clipBackward(float min, float max, Volume x, Volume dy, Volume dx) {
    float[] in = x.toArray();
    float[] g = HostArrays.read(dy, in.length, "clipBackward dy");
    HostArrays.requireSize(dx, in.length, "clipBackward dx");
    for (int i = 0; i < in.length; i++) {
      g[i] = in[i] > min && in[i] < max ? g[i] : 0f;
    }
    dx.write(g);
  }

  /** {@code y = 1 / (1 + exp(-x))}. */
  public static void sigmoid(Volume x, Volume y) {
    float[] v = x.toArray();
    HostArrays.requireSize(y, v.length, "sigmoid y");
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (1.0 / (1.0 + Math.exp(-v[i])));
    }
    y.write(v);
  }

  /** {@code dx = dy * y * (1 - y)} from the forward output {@code y}. */
  public static void sigmoidBackward(Volume y, Volume dy, Volume dx) {
    float[] out = y.toArray();
    float[] g = HostArrays.read(dy, out.length, "sigmoidBackward dy");
    HostArrays.requireSize(dx, out.length, "sigmoidBackward dx");
    for (int i = 0; i < out.length; i++) {
      g[i] = g[i] * out[i] * (1f - out[i]);
    }
    dx.write(g);
  }

  /** {@code y = tanh(x)}. */
  public static void tanh(Volume x, Volume y) {
    float[] v = x.toArray();
    HostArrays.requireSize(y, v.length, "tanh y");
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) Math.tanh(v[i]);
    }
    y.write(v);
  }

  /** {@code dx = dy * (1 - y^2)} from the forward output {@code y}. */
  public static void tanhBackward(Volume y, Volume dy, Volume dx) {
    float[] out = y.toArray();
    float[] g = HostArrays.read(dy, out.length, "tanhBackward dy");
    HostArrays.requireSize(dx, out.length, "tanhBackward dx");
    for (int i = 0; i < out.length; i++) {
      g[i] = g[i] * (1f - out[i] * out[i]);
    }
    dx.write(g);
  }
}
