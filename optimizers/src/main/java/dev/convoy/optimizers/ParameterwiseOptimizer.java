package dev.convoy.optimizers;

import dev.convoy.api.Kernels;
import dev.convoy.api.Optimizer;
import dev.convoy.api.Parameter;
import java.util.List;
import java.util.Map;

/**
 * What every optimizer here shares: a settable learning rate, a step that updates each trainable
 * parameter on its own (running statistics such as BatchNorm's are skipped), and per-parameter
 * state in named slots that is exported and imported for resuming.
 */
abstract class ParameterwiseOptimizer implements Optimizer {
  protected float learningRate;
  protected final SlotState state;

  /** {@code slots}: the names of its per-parameter volumes, PyTorch's where it has them; none for a stateless one. */
  ParameterwiseOptimizer(String name, float learningRate, List<String> slots) {
    this.learningRate = learningRate;
    this.state = new SlotState(name, slots);
  }

  @Override
  public final void step(Kernels kernels, List<? extends Parameter> parameters) {
    state.checkImportedFits(parameters);
    for (Parameter p : parameters) {
      if (p.trainable()) {
        update(kernels, p);
      }
    }
  }

  /**
   * Updates one trainable parameter from its gradient, with the core kernels ({@link Kernels#backend()})
   * and {@link dev.convoy.api.kernels.OptimizerKernels}.
   */
  abstract void update(Kernels kernels, Parameter p);

  @Override
  public float learningRate() {
    return learningRate;
  }

  @Override
  public void learningRate(float learningRate) {
    this.learningRate = learningRate;
  }

  @Override
  public final int stateSlotsPerParameter() {
    return state.slots();
  }

  @Override
  public final Map<String, float[]> exportState() {
    return state.export();
  }

  @Override
  public final void importState(Map<String, float[]> saved) {
    if (state.slots() == 0) {
      Optimizer.super.importState(saved); // nothing to take: fails unless empty
    } else {
      state.importFrom(saved);
    }
  }
}
