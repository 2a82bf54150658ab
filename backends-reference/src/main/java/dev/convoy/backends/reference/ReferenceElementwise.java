package dev.convoy.backends.reference;

import dev.convoy.api.support.ArrayVolume;

/**
 * The core's elementwise kernels and per-channel bias. Each reads value {@code i} before it writes
 * value {@code i}, so an output may be the same volume as an input.
 */
final class ReferenceElementwise {
  private ReferenceElementwise() {}

  static void multiply(ArrayVolume a, ArrayVolume b, ArrayVolume out) {
    for (int i = 0; i < a.size(); i++) {
      out.set(i, a.get(i) * b.get(i));
    }
  }

  /** {@code y = (beta * y) + (alpha * x)}, rounded in that order in float: two products, then their sum. */
  static void axpby(float alpha, ArrayVolume x, float beta, ArrayVolume y) {
    float[] xa = x.array();
    float[] ya = y.array();
    for (int i = 0; i < x.size(); i++) {
      int at = y.offset() + i;
      ya[at] = beta * ya[at] + alpha * xa[x.offset() + i];
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
