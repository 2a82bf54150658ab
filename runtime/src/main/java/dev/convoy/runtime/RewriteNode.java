package dev.convoy.runtime;

import dev.convoy.api.LayerSpec;
import java.util.List;
import java.util.Map;

/**
 * A node of a {@link RewriteGraph}: what a {@link Node} says, less the layer (made again when the
 * rewritten network is built), plus where each of its parameters (by local name) comes from.
 */
record RewriteNode(String name, LayerSpec spec, List<String> inputs, Map<String, ParameterSource> parameters) {

  RewriteNode {
    inputs = List.copyOf(inputs);
    parameters = Map.copyOf(parameters);
  }

  String type() {
    return spec.type();
  }
}
