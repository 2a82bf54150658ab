package dev.convoy.api;

import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their gradients (SGD, momentum, Adagrad, RMSProp, Adam...).
 *
 * <p>Life cycle: made by an {@link OptimizerProvider} for one training run; {@link #step} is called
 * once per mini-batch, after backward, with the same parameters each time (state is keyed by {@link
 * Parameter#name()}). Not thread-safe: one trainer drives it.
 *
 * <p>Resuming: {@link #exportState} and {@link #importState} carry the state between runs (a
 * checkpoint saves it), so that an optimizer made again with the same hyperparameters continues
 * exactly where the saved one stopped. Both have defaults for a stateless optimizer.
 */
public interface Optimizer {

  /** Applies one update to every parameter with {@code kernels} (the core and {@code OptimizerKernels}). */
  void step(Kernels kernels, List<? extends Parameter> parameters);

  float learningRate();

  /** Changes the learning rate, e.g. for step decay between epochs. */
  void learningRate(float learningRate);

  /** Volumes of state kept per parameter (momentum 1, Adam 2), for memory accounting. */
  int stateSlotsPerParameter();

  /**
   * A copy of the state that the next {@link #step} depends on, as flat float32 arrays named
   * {@code <parameter>/<slot>}, e.g. {@code conv1.weight/momentum_buffer} (the parameter's name
   * first, so the state fits any model with the same parameter names). Scalars such as Adam's step
   * count are arrays of their own. The learning rate is not part of it: it is a hyperparameter.
   * Default: no state.
   */
  default Map<String, float[]> exportState() {
    return Map.of();
  }

  /**
   * Replaces the state with what {@link #exportState} of an optimizer of the same name and
   * hyperparameters returned, before the next {@link #step}. An empty map is always accepted.
   *
   * @throws ConvoyException when the state does not fit this optimizer (another optimizer's slots,
   *     missing entries, or any state for an optimizer that keeps none, as the default does)
   */
  default void importState(Map<String, float[]> state) {
    if (!state.isEmpty()) {
      throw new ConvoyException("this optimizer keeps no state, so it cannot take the saved state of another ("
          + state.size() + " arrays, e.g. " + state.keySet().stream().sorted().findFirst().orElseThrow()
          + "); resume with the optimizer and hyperparameters that saved it");
    }
  }
}
