package dev.convoy.optimizers;

import dev.convoy.api.Attributes;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Optimizer;
import dev.convoy.api.OptimizerProvider;
import java.util.Set;

/**
 * {@code sgd} (vanilla: {@code w -= lr * g}) and {@code momentum} (the notes' momentum update, in
 * PyTorch's form so that the same hyperparameters train the same way in both tools).
 * Hyperparameters: {@code lr}, {@code momentum}, {@code weight_decay} (L2, weights only).
 */
public final class SgdOptimizerProvider implements OptimizerProvider {
  private static final Set<String> HYPERPARAMETERS = Set.of("lr", "momentum", "weight_decay");

  @Override
  public Set<String> names() {
    return Set.of("sgd", "momentum");
  }

  @Override
  public Set<String> hyperparameters(String name) {
    return HYPERPARAMETERS;
  }

  @Override
  public Optimizer create(String name, Attributes hyperparameters) {
    hyperparameters.requireOnly("optimizer " + name, HYPERPARAMETERS);
    float lr = positive(name, "lr", hyperparameters.getFloat("lr", 0.01f));
    float decay = hyperparameters.getFloat("weight_decay", 0f);
    float momentum = switch (name) {
      case "sgd" -> hyperparameters.getFloat("momentum", 0f);
      case "momentum" -> hyperparameters.getFloat("momentum", 0.9f);
      default -> throw new ConvoyException("unknown optimizer " + name + " (known: " + names() + ")");
    };
    if (momentum < 0 || momentum >= 1) {
      throw new ConvoyException("optimizer " + name + ": momentum must be in [0, 1), got " + momentum);
    }
    if (decay < 0) {
      throw new ConvoyException("optimizer " + name + ": weight_decay must be >= 0, got " + decay);
    }
    return new SgdOptimizer(lr, momentum, decay);
  }

  private static float positive(String name, String key, float value) {
    if (!(value > 0) || Float.isInfinite(value)) {
      throw new ConvoyException("optimizer " + name + ": " + key + " must be a positive number, got " + value);
    }
    return value;
  }
}
