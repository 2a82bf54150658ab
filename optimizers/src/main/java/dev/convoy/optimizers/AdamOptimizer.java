package dev.convoy.optimizers;

import dev.convoy.api.Backend;
import dev.convoy.api.Kernels;
import dev.convoy.api.Parameter;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.OptimizerKernels;
import java.util.List;

/**
 * Adam (Kingma and Ba), as PyTorch computes it: {@code m = b1 * m + (1 - b1) * g;
 * v = b2 * v + (1 - b2) * g^2; w -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}.
 * Weight decay is L2 added to the gradient ({@code adam}) or, decoupled as in AdamW (Loshchilov
 * and Hutter), {@code w *= 1 - lr * wd} before the step ({@code adamw}). Two state volumes per
 * parameter.
 */
final class AdamOptimizer extends ParameterwiseOptimizer {
  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private final float weightDecay;
  private final boolean decoupled;

  AdamOptimizer(float learningRate, float beta1, float beta2, float epsilon, float weightDecay, boolean decoupled) {
    super(decoupled ? "adamw" : "adam", learningRate, List.of("exp_avg", "exp_avg_sq"));
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.weightDecay = weightDecay;
    this.decoupled = decoupled;
  }

  @Override
  void update(Kernels kernels, Parameter p) {
    Backend backend = kernels.backend();
    OptimizerKernels math = kernels.family(OptimizerKernels.class);
    SlotState.Slots s = state.of(backend, p);
    long t = s.countStep();
    Volume g = p.gradient();
    if (weightDecay > 0 && p.decays()) {
      if (decoupled) {
        backend.scale(p.value(), 1f - learningRate * weightDecay);
      } else {
        backend.axpy(weightDecay, p.value(), g);
      }
    }
    Volume m = s.get(0);
    Volume v = s.get(1);
    backend.axpby(1f - beta1, g, beta1, m);
    math.accumulateSquares(beta2, 1f - beta2, g, v);
    double correction1 = 1 - Math.pow(beta1, t);
    double correction2 = 1 - Math.pow(beta2, t);
    math.addQuotientBySqrt((float) (-learningRate / correction1), m, v, (float) (1 / Math.sqrt(correction2)),
        epsilon, p.value());
  }
}
