package dev.convoy.formats.proto;

import dev.convoy.api.Attributes;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Optimizer;
import dev.convoy.api.Shape;
import dev.convoy.runtime.ProviderRegistry;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An optimizer's name (as its provider answers to it), its hyperparameters and its state tensors
 * (e.g. one momentum buffer per parameter, named as the optimizer chooses), so training can resume
 * where it stopped: {@link #of} takes them from a live optimizer, {@link #resume} makes it again.
 *
 * <p>The hyperparameters are those the optimizer was made with, its base learning rate among them;
 * a learning rate schedule changes the rate per epoch, so the run that resumes sets it again.
 */
public record OptimizerState(String name, Attributes hyperparameters, Map<String, TensorData> tensors) {

  public OptimizerState {
    // Sorted, so the same state always gives the same file.
    tensors = Collections.unmodifiableMap(new TreeMap<>(tensors));
  }

  /**
   * The state of {@code optimizer}, which the provider of {@code name} made from {@code
   * hyperparameters}; each array of {@link Optimizer#exportState()} becomes a flat tensor.
   */
  public static OptimizerState of(String name, Attributes hyperparameters, Optimizer optimizer) {
    Map<String, TensorData> tensors = new TreeMap<>();
    optimizer.exportState().forEach((key, values) -> tensors.put(key, new TensorData(Shape.of(values.length), values)));
    return new OptimizerState(name, hyperparameters, tensors);
  }

  /** The state tensors as {@link Optimizer#importState} takes them. */
  public Map<String, float[]> values() {
    Map<String, float[]> values = new TreeMap<>();
    tensors.forEach((key, t) -> values.put(key, t.values()));
    return values;
  }

  /**
   * The optimizer made again with {@code registry}'s provider of {@link #name()} and the saved
   * hyperparameters, holding the saved state: its next step is the one the saved optimizer would
   * have taken.
   *
   * @throws ConvoyException when no loaded provider has the optimizer, or the state does not fit it
   */
  public Optimizer resume(ProviderRegistry registry) {
    Optimizer optimizer = registry.optimizerProvider(name).create(name, hyperparameters);
    try {
      optimizer.importState(values());
    } catch (ConvoyException e) {
      throw new ConvoyException("the saved state of optimizer " + name + " does not fit it: " + e.getMessage(), e);
    }
    return optimizer;
  }
}
