package dev.convoy.backends.reference;

import dev.convoy.api.support.ArrayVolume;

/**
 * Elementwise kernels, per-channel bias and the sum. Each reads value {@code i} before it writes
 * value {@code i}, so an output may be the same volume as an input.
 */
final class ReferenceElementwise {
  private ReferenceElementwise() {}

  static void relu(ArrayVolume x, ArrayVolume y) {
    for (int i = 0; i < x.size(); i++) {
      float v = x.get(i);
      y.set(i, v > 0f ? v : 0f);
    }
  }

  static void reluBackward(ArrayVolume y, ArrayVolume dy, ArrayVolume dx) {
    for (int i = 0; i < y.size(); i++) {
      dx.set(i, y.get(i) > 0f ? dy.get(i) : 0f);
    }
  }

  static void multiply(ArrayVolume a, ArrayVolume b, ArrayVolume out) {
    for (int i = 0; i < a.size(); i++) {
      out.set(i, a.get(i) * b.get(i));
    }
  }

  static void axpy(float alpha, ArrayVolume x, ArrayVolume y) {
    for (int i = 0; i < x.size(); i++) {
      y.set(i, y.get(i) + alpha * x.get(i));
    }
  }

  static void scale(ArrayVolume x, float alpha) {
    for (int i = 0; i < x.size(); i++) {
      x.set(i, x.get(i) * alpha);
    }
  }

  static void fill(ArrayVolume x, float value) {
    for (int i = 0; i < x.size(); i++) {
      x.set(i, value);
    }
  }

  static double sum(ArrayVolume x) {
    double total = 0;
    for (int i = 0; i < x.size(); i++) {
      total += x.get(i);
    }
    return total;
  }

  /** {@code y[n, ch, ...] += bias[ch]}; {@code inner} is the number of values per channel and item. */
  static void addChannelBias(ArrayVolume y, ArrayVolume bias, int items, int channels, int inner) {
    for (int n = 0; n < items; n++) {
      for (int ch = 0; ch < channels; ch++) {
        int start = (n * channels + ch) * inner;
        for (int i = 0; i < inner; i++) {
          y.set(start + i, y.get(start + i) + bias.get(ch));
        }
      }
    }
  }

  /** {@code dBias[ch] += sum over n and positions of dy[n, ch, ...]}, summed in double. */
  static void accumulateChannelBiasGradient(ArrayVolume dy, ArrayVolume dBias, int items, int channels,
      int inner) {
    for (int ch = 0; ch < channels; ch++) {
      double total = 0;
      for (int n = 0; n < items; n++) {
        int start = (n * channels + ch) * inner;
        for (int i = 0; i < inner; i++) {
          total += dy.get(start + i);
        }
      }
      dBias.set(ch, (float) (dBias.get(ch) + total));
    }
  }
}
