package dev.convoy.optimizers;

import dev.convoy.api.Backend;
import dev.convoy.api.Optimizer;
import dev.convoy.api.Parameter;
import java.util.List;

/**
 * What every optimizer here shares: a settable learning rate, and a step that updates each
 * trainable parameter on its own (running statistics such as BatchNorm's are skipped).
 */
abstract class ParameterwiseOptimizer implements Optimizer {
  protected float learningRate;

  ParameterwiseOptimizer(float learningRate) {
    this.learningRate = learningRate;
  }

  @Override
  public final void step(Backend backend, List<? extends Parameter> parameters) {
    for (Parameter p : parameters) {
      if (p.trainable()) {
        update(backend, p);
      }
    }
  }

  /** Updates one trainable parameter from its gradient. */
  abstract void update(Backend backend, Parameter p);

  @Override
  public float learningRate() {
    return learningRate;
  }

  @Override
  public void learningRate(float learningRate) {
    this.learningRate = learningRate;
  }
}
