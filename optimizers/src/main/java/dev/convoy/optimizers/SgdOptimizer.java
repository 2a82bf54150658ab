package dev.convoy.optimizers;

import dev.convoy.api.Backend;
import dev.convoy.api.Optimizer;
import dev.convoy.api.Parameter;
import dev.convoy.api.Volume;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum and L2 weight decay:
 * {@code g += wd * w; v = mu * v + g; w -= lr * v} (PyTorch's form; with {@code mu = 0} plain SGD).
 * Weight decay is added into the gradient volume, which the runtime zeroes before the next step.
 */
final class SgdOptimizer implements Optimizer {
  private final float momentum;
  private final float weightDecay;
  private final Map<String, Volume> velocity = new HashMap<>();
  private float learningRate;

  SgdOptimizer(float learningRate, float momentum, float weightDecay) {
    this.learningRate = learningRate;
    this.momentum = momentum;
    this.weightDecay = weightDecay;
  }

  @Override
  public void step(Backend backend, List<? extends Parameter> parameters) {
    for (Parameter p : parameters) {
      Volume g = p.gradient();
      if (weightDecay > 0 && p.decays()) {
        backend.axpy(weightDecay, p.value(), g);
      }
      if (momentum == 0f) {
        backend.axpy(-learningRate, g, p.value());
        continue;
      }
      Volume v = velocity.get(p.name());
      if (v == null) {
        // PyTorch starts the buffer at the first gradient rather than at zero.
        v = backend.allocate(g.shape());
        backend.copy(g, v);
        velocity.put(p.name(), v);
      } else {
        backend.scale(v, momentum);
        backend.axpy(1f, g, v);
      }
      backend.axpy(-learningRate, v, p.value());
    }
  }

  @Override
  public float learningRate() {
    return learningRate;
  }

  @Override
  public void learningRate(float learningRate) {
    this.learningRate = learningRate;
  }

  @Override
  public int stateSlotsPerParameter() {
    return momentum == 0f ? 0 : 1;
  }
}
