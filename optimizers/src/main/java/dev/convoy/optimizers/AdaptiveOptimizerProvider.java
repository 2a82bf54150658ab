package dev.convoy.optimizers;

import dev.convoy.api.Attributes;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Optimizer;
import dev.convoy.api.OptimizerProvider;
import java.util.Map;
import java.util.Set;

/**
 * The adaptive optimizers with PyTorch's update rules and defaults:
 * {@code adagrad} ({@code lr} 0.01, {@code lr_decay} 0, {@code weight_decay} 0,
 * {@code initial_accumulator_value} 0, {@code eps} 1e-10), {@code rmsprop} ({@code lr} 0.01,
 * {@code alpha} 0.99, {@code eps} 1e-8, {@code weight_decay} 0, {@code momentum} 0), {@code adam}
 * ({@code lr} 0.001, {@code beta1} 0.9, {@code beta2} 0.999, {@code eps} 1e-8, {@code weight_decay}
 * 0, as L2) and {@code adamw} (the same with decoupled {@code weight_decay}, 0.01).
 */
public final class AdaptiveOptimizerProvider implements OptimizerProvider {
  private static final Map<String, Set<String>> HYPERPARAMETERS = Map.of(
      "adagrad", Set.of("lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps"),
      "rmsprop", Set.of("lr", "alpha", "eps", "weight_decay", "momentum"),
      "adam", Set.of("lr", "beta1", "beta2", "eps", "weight_decay"),
      "adamw", Set.of("lr", "beta1", "beta2", "eps", "weight_decay"));

  @Override
  public Set<String> names() {
    return HYPERPARAMETERS.keySet();
  }

  @Override
  public Set<String> hyperparameters(String name) {
    Set<String> known = HYPERPARAMETERS.get(name);
    if (known == null) {
      throw new ConvoyException("unknown optimizer " + name + " (known: " + names() + ")");
    }
    return known;
  }

  @Override
  public Optimizer create(String name, Attributes hyperparameters) {
    hyperparameters.requireOnly("optimizer " + name, hyperparameters(name));
    Hyperparameters h = new Hyperparameters(name, hyperparameters);
    return switch (name) {
      case "adagrad" -> new AdagradOptimizer(h.positive("lr", 0.01f), h.nonNegative("lr_decay", 0f),
          h.nonNegative("weight_decay", 0f), h.nonNegative("initial_accumulator_value", 0f), h.positive("eps", 1e-10f));
      case "rmsprop" -> new RmspropOptimizer(h.positive("lr", 0.01f), h.fraction("alpha", 0.99f),
          h.positive("eps", 1e-8f), h.nonNegative("weight_decay", 0f), h.fraction("momentum", 0f));
      case "adam", "adamw" -> new AdamOptimizer(h.positive("lr", 0.001f), h.fraction("beta1", 0.9f),
          h.fraction("beta2", 0.999f), h.positive("eps", 1e-8f),
          h.nonNegative("weight_decay", name.equals("adamw") ? 0.01f : 0f), name.equals("adamw"));
      default -> throw new ConvoyException("unknown optimizer " + name + " (known: " + names() + ")");
    };
  }
}
