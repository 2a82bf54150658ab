package dev.convoy.api;

import java.util.List;

/**
 * Updates parameters from their gradients (SGD, momentum, Adagrad, RMSProp, Adam...).
 *
 * <p>Life cycle: made by an {@link OptimizerProvider} for one training run; {@link #step} is called
 * once per mini-batch, after backward, with the same parameters each time (state is keyed by {@link
 * Parameter#name()}). Not thread-safe: one trainer drives it.
 */
public interface Optimizer {

  /** Applies one update to every parameter, using the backend's kernels. */
  void step(Backend backend, List<? extends Parameter> parameters);

  float learningRate();

  /** Changes the learning rate, e.g. for step decay between epochs. */
  void learningRate(float learningRate);

  /** Volumes of state kept per parameter (momentum 1, Adam 2), for memory accounting. */
  int stateSlotsPerParameter();
}
