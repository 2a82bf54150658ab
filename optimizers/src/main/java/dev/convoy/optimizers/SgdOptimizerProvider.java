package dev.convoy.optimizers;

import dev.convoy.api.Attributes;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Optimizer;
import dev.convoy.api.OptimizerProvider;
import java.util.Set;

/**
 * {@code sgd} (vanilla: {@code w -= lr * g}), {@code momentum} (the notes' momentum update) and
 * {@code nesterov} (Nesterov momentum), in PyTorch's form so that the same hyperparameters train
 * the same way in both tools. Hyperparameters: {@code lr} (0.01), {@code momentum} (0 for sgd, 0.9
 * otherwise), {@code weight_decay} (L2, weights only; 0).
 */
public final class SgdOptimizerProvider implements OptimizerProvider {
  private static final Set<String> HYPERPARAMETERS = Set.of("lr", "momentum", "weight_decay");

  @Override
  public Set<String> names() {
    return Set.of("sgd", "momentum", "nesterov");
  }

  @Override
  public Set<String> hyperparameters(String name) {
    return HYPERPARAMETERS;
  }

  @Override
  public Optimizer create(String name, Attributes hyperparameters) {
    if (!names().contains(name)) {
      throw new ConvoyException("unknown optimizer " + name + " (known: " + names() + ")");
    }
    hyperparameters.requireOnly("optimizer " + name, HYPERPARAMETERS);
    Hyperparameters h = new Hyperparameters(name, hyperparameters);
    float lr = h.positive("lr", 0.01f);
    float decay = h.nonNegative("weight_decay", 0f);
    float momentum = h.fraction("momentum", name.equals("sgd") ? 0f : 0.9f);
    if (name.equals("nesterov") && momentum == 0f) {
      throw new ConvoyException("optimizer nesterov: momentum must be above 0 (Nesterov momentum without momentum is"
          + " plain sgd)");
    }
    return new SgdOptimizer(name, lr, momentum, name.equals("nesterov"), decay);
  }
}
