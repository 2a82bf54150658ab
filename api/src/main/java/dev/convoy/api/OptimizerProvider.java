package dev.convoy.api;

import java.util.Set;

/**
 * Makes optimizers by name ({@code --optimizer sgd}). Registered with {@code provides
 * dev.convoy.api.OptimizerProvider with ...}; stateless and safe to call from any thread.
 */
public interface OptimizerProvider {

  /** The names this provider answers to, e.g. {@code sgd}, {@code momentum}. */
  Set<String> names();

  /** Hyperparameter names it accepts, e.g. {@code lr}, {@code momentum}, {@code weight_decay}. */
  Set<String> hyperparameters(String name);

  /**
   * Makes optimizer {@code name} with {@code hyperparameters} (unknown ones are an error).
   *
   * @throws ConvoyException for an unknown name or a bad hyperparameter
   */
  Optimizer create(String name, Attributes hyperparameters);
}
