package dev.convoy.optimizers;

import dev.convoy.api.Backend;
import dev.convoy.api.Kernels;
import dev.convoy.api.Parameter;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.OptimizerKernels;
import java.util.List;

/**
 * RMSProp, as the notes and PyTorch describe it: {@code g += wd * w;
 * cache = alpha * cache + (1 - alpha) * g^2; w -= lr * g / (sqrt(cache) + eps)}. With momentum,
 * {@code buf = momentum * buf + g / (sqrt(cache) + eps); w -= lr * buf} (PyTorch's form). One
 * state volume per parameter, two with momentum.
 */
final class RmspropOptimizer extends ParameterwiseOptimizer {
  private final float alpha;
  private final float epsilon;
  private final float weightDecay;
  private final float momentum;

  RmspropOptimizer(float learningRate, float alpha, float epsilon, float weightDecay, float momentum) {
    super("rmsprop", learningRate, momentum > 0f ? List.of("square_avg", "momentum_buffer") : List.of("square_avg"));
    this.alpha = alpha;
    this.epsilon = epsilon;
    this.weightDecay = weightDecay;
    this.momentum = momentum;
  }

  @Override
  void update(Kernels kernels, Parameter p) {
    Backend backend = kernels.backend();
    OptimizerKernels math = kernels.family(OptimizerKernels.class);
    SlotState.Slots s = state.of(backend, p);
    s.countStep();
    Volume g = p.gradient();
    if (weightDecay > 0 && p.decays()) {
      backend.axpy(weightDecay, p.value(), g);
    }
    Volume cache = s.get(0);
    math.accumulateSquares(alpha, 1f - alpha, g, cache);
    if (momentum > 0f) {
      Volume buffer = s.get(1);
      backend.scale(buffer, momentum);
      math.addQuotientBySqrt(1f, g, cache, 1f, epsilon, buffer);
      backend.axpy(-learningRate, buffer, p.value());
    } else {
      math.addQuotientBySqrt(-learningRate, g, cache, 1f, epsilon, p.value());
    }
  }
}
