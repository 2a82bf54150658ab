package dev.convoy.optimizers;

import dev.convoy.api.Backend;
import dev.convoy.api.Kernels;
import dev.convoy.api.Parameter;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.OptimizerKernels;
import java.util.List;

/**
 * Adagrad, as the notes and PyTorch describe it: {@code g += wd * w; cache += g^2;
 * w -= lr_t * g / (sqrt(cache) + eps)} with {@code lr_t = lr / (1 + (t - 1) * lr_decay)}. The
 * cache starts at {@code initial_accumulator_value}. One state volume per parameter.
 */
final class AdagradOptimizer extends ParameterwiseOptimizer {
  private final float lrDecay;
  private final float weightDecay;
  private final float initialAccumulator;
  private final float epsilon;

  AdagradOptimizer(float learningRate, float lrDecay, float weightDecay, float initialAccumulator, float epsilon) {
    super("adagrad", learningRate, List.of("sum"));
    this.lrDecay = lrDecay;
    this.weightDecay = weightDecay;
    this.initialAccumulator = initialAccumulator;
    this.epsilon = epsilon;
  }

  @Override
  void update(Kernels kernels, Parameter p) {
    Backend backend = kernels.backend();
    OptimizerKernels math = kernels.family(OptimizerKernels.class);
    SlotState.Slots s = state.of(backend, p);
    Volume cache = s.get(0);
    if (s.fresh() && initialAccumulator != 0f) {
      backend.fill(cache, initialAccumulator);
    }
    long t = s.countStep();
    Volume g = p.gradient();
    if (weightDecay > 0 && p.decays()) {
      backend.axpy(weightDecay, p.value(), g);
    }
    float stepSize = (float) (learningRate / (1 + (t - 1) * (double) lrDecay));
    math.accumulateSquares(1f, 1f, g, cache);
    math.addQuotientBySqrt(-stepSize, g, cache, 1f, epsilon, p.value());
  }
}
