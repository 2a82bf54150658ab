package dev.convoy.zoo;

import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.NetworkBuilder;
import dev.convoy.runtime.ProviderRegistry;

/**
 * A {@link NetworkBuilder} for branching definitions (ResNet, GoogLeNet): each {@link #add} returns
 * the new node's name, so a definition threads names through as PyTorch's {@code forward} threads
 * tensors, e.g. {@code x = g.add("bn1", bn, x)}.
 */
final class Graph {
  /** The image input every zoo network reads. */
  static final String INPUT = "data";

  private final NetworkBuilder builder;

  Graph(ProviderRegistry registry, Shape input) {
    this.builder = Network.builder(registry).input(INPUT, input);
  }

  /** Adds node {@code name} computing {@code spec} over {@code inputs}; returns {@code name}. */
  String add(String name, LayerSpec spec, String... inputs) {
    builder.node(name, spec, inputs);
    return name;
  }

  /** The network returning {@code output}. */
  Network build(String output) {
    return builder.output(output).build();
  }
}
