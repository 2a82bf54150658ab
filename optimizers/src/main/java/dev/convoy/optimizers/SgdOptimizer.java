package dev.convoy.optimizers;

import dev.convoy.api.Backend;
import dev.convoy.api.Kernels;
import dev.convoy.api.Parameter;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.OptimizerKernels;
import java.util.List;

/**
 * Stochastic gradient descent with optional momentum (classical or Nesterov) and L2 weight decay,
 * in PyTorch's form: {@code g += wd * w; v = mu * v + g; w -= lr * v}, or with Nesterov
 * {@code w -= lr * (g + mu * v)}; with {@code mu = 0} plain SGD. Weight decay is added into the
 * gradient volume, which the runtime zeroes before the next step. Parameters that are not
 * {@linkplain Parameter#trainable() trainable} are skipped.
 */
final class SgdOptimizer extends ParameterwiseOptimizer {
  private final float momentum;
  private final boolean nesterov;
  private final float weightDecay;

  /** {@code name}: sgd, momentum or nesterov, for messages. */
  SgdOptimizer(String name, float learningRate, float momentum, boolean nesterov, float weightDecay) {
    super(name, learningRate, momentum == 0f ? List.of() : List.of("momentum_buffer"));
    this.momentum = momentum;
    this.nesterov = nesterov;
    this.weightDecay = weightDecay;
  }

  @Override
  void update(Kernels kernels, Parameter p) {
    Backend backend = kernels.backend();
    Volume g = p.gradient();
    if (weightDecay > 0 && p.decays()) {
      backend.axpy(weightDecay, p.value(), g);
    }
    if (momentum == 0f) {
      backend.axpy(-learningRate, g, p.value());
      return;
    }
    SlotState.Slots s = state.of(backend, p);
    Volume v = s.get(0);
    if (!s.fresh() && !nesterov) {
      // The usual step, in one pass: v = mu * v + g, then w -= lr * v.
      kernels.family(OptimizerKernels.class).momentumStep(learningRate, momentum, g, v, p.value());
      s.countStep();
      return;
    }
    if (s.fresh()) {
      // PyTorch starts the buffer at the first gradient rather than at zero.
      backend.copy(g, v);
    } else {
      backend.axpby(1f, g, momentum, v);
    }
    s.countStep();
    if (nesterov) {
      backend.axpy(-learningRate, g, p.value()); // look ahead: step along g + mu * v
      backend.axpy(-learningRate * momentum, v, p.value());
    } else {
      backend.axpy(-learningRate, v, p.value());
    }
  }
}
