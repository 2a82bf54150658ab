package dev.convoy.formats.proto;

import dev.convoy.api.Attributes;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An optimizer's name (as its provider answers to it), its hyperparameters and its state tensors
 * (e.g. one momentum buffer per parameter, named as the optimizer chooses), so training can resume
 * where it stopped.
 */
public record OptimizerState(String name, Attributes hyperparameters, Map<String, TensorData> tensors) {

  public OptimizerState {
    // Sorted, so the same state always gives the same file.
    tensors = Collections.unmodifiableMap(new TreeMap<>(tensors));
  }
}
