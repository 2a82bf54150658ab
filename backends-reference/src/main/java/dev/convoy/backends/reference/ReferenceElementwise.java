package dev.convoy.backends.reference;

/**
 * Elementwise kernels, per-channel bias and the sum. Each reads value {@code i} before it writes
 * value {@code i}, so an output may be the same volume as an input.
 */
final class ReferenceElementwise {
  private ReferenceElementwise() {}

  static void relu(ReferenceVolume x, ReferenceVolume y) {
    for (int i = 0; i < x.size(); i++) {
      float v = x.get(i);
      y.set(i, v > 0f ? v : 0f);
    }
  }

  static void reluBackward(ReferenceVolume y, ReferenceVolume dy, ReferenceVolume dx) {
    for (int i = 0; i < y.size(); i++) {
      dx.set(i, y.get(i) > 0f ? dy.get(i) : 0f);
    }
  }

  static void multiply(ReferenceVolume a, ReferenceVolume b, ReferenceVolume out) {
    for (int i = 0; i < a.size(); i++) {
      out.set(i, a.get(i) * b.get(i));
    }
  }

  static void axpy(float alpha, ReferenceVolume x, ReferenceVolume y) {
    for (int i = 0; i < x.size(); i++) {
      y.set(i, y.get(i) + alpha * x.get(i));
    }
  }

  static void scale(ReferenceVolume x, float alpha) {
    for (int i = 0; i < x.size(); i++) {
      x.set(i, x.get(i) * alpha);
    }
  }

  static void fill(ReferenceVolume x, float value) {
    for (int i = 0; i < x.size(); i++) {
      x.set(i, value);
    }
  }

  static double sum(ReferenceVolume x) {
    double total = 0;
    for (int i = 0; i < x.size(); i++) {
      total += x.get(i);
    }
    return total;
  }

  /** {@code y[n, ch, ...] += bias[ch]}; {@code inner} is the number of values per channel and item. */
  static void addChannelBias(ReferenceVolume y, ReferenceVolume bias, int items, int channels, int inner) {
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
  static void accumulateChannelBiasGradient(ReferenceVolume dy, ReferenceVolume dBias, int items, int channels,
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
