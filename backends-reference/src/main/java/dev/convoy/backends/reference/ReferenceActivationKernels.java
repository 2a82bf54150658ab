package dev.convoy.backends.reference;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.Activation;
import dev.convoy.api.kernels.ActivationKernels;
import dev.convoy.api.support.ArrayVolume;

/**
 * The reference {@link ActivationKernels}, one loop per {@link Activation}. Every loop reads value
 * {@code i} before it writes value {@code i}, so {@code y} may be {@code x} and {@code dx} may be
 * {@code dy}. Sigmoid and tanh are computed in double and rounded once. NaN goes through every
 * activation as NaN, as in PyTorch, so a data bug shows in the scores instead of hiding behind them.
 */
final class ReferenceActivationKernels implements ActivationKernels {
  private final ReferenceBackend backend;

  ReferenceActivationKernels(ReferenceBackend backend) {
    this.backend = backend;
  }

  @Override
  public void forward(Activation f, Volume x, Volume y) {
    String name = name(f);
    ArrayVolume in = backend.own(x, name + " x");
    ArrayVolume out = backend.own(y, name + " y").requireSize(in.size(), name + " y");
    float[] xa = in.array();
    float[] ya = out.array();
    int xo = in.offset();
    int yo = out.offset();
    int size = in.size();
    switch (f) {
      case Activation.Relu r -> {
        for (int i = 0; i < size; i++) {
          float v = xa[xo + i];
          ya[yo + i] = v <= 0f ? 0f : v; // not "v > 0 ? v : 0", which maps NaN to 0
        }
      }
      case Activation.LeakyRelu leaky -> {
        float alpha = leaky.alpha();
        for (int i = 0; i < size; i++) {
          float v = xa[xo + i];
          ya[yo + i] = v > 0f ? v : alpha * v;
        }
      }
      case Activation.Clip clip -> {
        for (int i = 0; i < size; i++) {
          ya[yo + i] = Math.min(Math.max(xa[xo + i], clip.min()), clip.max());
        }
      }
      case Activation.Sigmoid s -> {
        for (int i = 0; i < size; i++) {
          ya[yo + i] = (float) (1.0 / (1.0 + Math.exp(-xa[xo + i])));
        }
      }
      case Activation.Tanh t -> {
        for (int i = 0; i < size; i++) {
          ya[yo + i] = (float) Math.tanh(xa[xo + i]);
        }
      }
    }
  }

  @Override
  public void backward(Activation f, Volume x, Volume y, Volume dy, Volume dx) {
    String name = name(f);
    // The derivative is read off the forward output or input; the other one may be null.
    ArrayVolume from = f.backwardFromOutput() ? backend.own(y, name + " backward y") : backend.own(x, name + " backward x");
    int size = from.size();
    ArrayVolume grad = backend.own(dy, name + " backward dy").requireSize(size, name + " backward dy");
    ArrayVolume out = backend.own(dx, name + " backward dx").requireSize(size, name + " backward dx");
    float[] fa = from.array();
    float[] ga = grad.array();
    float[] da = out.array();
    int fo = from.offset();
    int go = grad.offset();
    int dOff = out.offset();
    switch (f) {
      case Activation.Relu r -> {
        for (int i = 0; i < size; i++) {
          da[dOff + i] = fa[fo + i] > 0f ? ga[go + i] : 0f;
        }
      }
      case Activation.LeakyRelu leaky -> {
        float alpha = leaky.alpha();
        for (int i = 0; i < size; i++) {
          float g = ga[go + i];
          da[dOff + i] = fa[fo + i] > 0f ? g : alpha * g;
        }
      }
      case Activation.Clip clip -> {
        // No gradient at the bounds, as PyTorch's ReLU6/hardtanh and as ReLU at 0.
        for (int i = 0; i < size; i++) {
          float in = fa[fo + i];
          da[dOff + i] = in > clip.min() && in < clip.max() ? ga[go + i] : 0f;
        }
      }
      case Activation.Sigmoid s -> {
        for (int i = 0; i < size; i++) {
          float out1 = fa[fo + i];
          da[dOff + i] = ga[go + i] * out1 * (1f - out1);
        }
      }
      case Activation.Tanh t -> {
        for (int i = 0; i < size; i++) {
          float out1 = fa[fo + i];
          da[dOff + i] = ga[go + i] * (1f - out1 * out1);
        }
      }
    }
  }

  /** {@code relu}, {@code leakyRelu}, ... for messages; a null activation is an error here. */
  private static String name(Activation f) {
    if (f == null) {
      throw new ConvoyException("the activation is null; pass one of the Activation records, e.g. Activation.RELU");
    }
    String simple = f.getClass().getSimpleName();
    return Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
  }
}
