package dev.convoy.runtime;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.ParamSpec;
import dev.convoy.api.Parameter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A mutable copy of a model's network for the inference rewrites: nodes in topological order,
 * each with where its parameters come from. Rewrites replace a group of nodes by one node named
 * like the group's last, so that readers and outputs keep resolving; {@link #build} makes the
 * rewritten network, whose layers are made anew (and so checked) by the registry.
 */
final class RewriteGraph {
  private final List<NetworkInput> inputs;
  private final List<String> outputs;
  private final List<RewriteNode> nodes = new ArrayList<>();
  private final Map<String, Parameter> originals = new HashMap<>();

  RewriteGraph(Model model) {
    Network network = model.network();
    inputs = network.inputs();
    outputs = network.outputs();
    model.parameters().forEach(p -> originals.put(p.name(), p));
    for (Node node : network.nodes()) {
      Map<String, ParameterSource> parameters = new LinkedHashMap<>();
      for (ParamSpec spec : node.layer().parameters()) {
        parameters.put(spec.name(), new ParameterSource.Copy(node.qualify(spec.name())));
      }
      nodes.add(new RewriteNode(node.name(), node.spec(), node.inputs(), parameters));
    }
  }

  /** The nodes now, in topological order; a snapshot, so rewrites may change the graph while walking it. */
  List<RewriteNode> nodes() {
    return List.copyOf(nodes);
  }

  /** The node that computes {@code name}, empty for a network input or a node rewritten away. */
  Optional<RewriteNode> node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
  }

  /** Whether {@code node} is still in the graph, unchanged. */
  boolean contains(RewriteNode node) {
    return nodes.contains(node);
  }

  /**
   * The one node reading {@code name}, when exactly one input of one node reads it and it is not a
   * network output: only then may a rewrite swallow the value, as nobody else sees it.
   */
  Optional<RewriteNode> soleReader(String name) {
    if (outputs.contains(name)) {
      return Optional.empty();
    }
    RewriteNode reader = null;
    int reads = 0;
    for (RewriteNode node : nodes) {
      for (String input : node.inputs()) {
        if (input.equals(name)) {
          reader = node;
          reads++;
        }
      }
    }
    return reads == 1 ? Optional.of(reader) : Optional.empty();
  }

  /**
   * Replaces {@code group} (nodes of this graph, the last one last in topological order) by
   * {@code merged}, which takes the last one's place and must carry its name.
   */
  void replace(List<RewriteNode> group, RewriteNode merged) {
    RewriteNode last = group.getLast();
    if (!merged.name().equals(last.name())) {
      throw new IllegalArgumentException("a rewritten group keeps its last node's name " + last.name() + ", not "
          + merged.name());
    }
    int at = nodes.indexOf(last);
    if (at < 0 || !nodes.containsAll(group)) {
      throw new IllegalStateException("rewriting nodes that are no longer in the graph: " + group);
    }
    // Everything the group read comes before its last node, so its place keeps the order topological.
    nodes.set(at, merged);
    group.subList(0, group.size() - 1).forEach(nodes::remove);
  }

  /** The values a parameter source stands for, read to the host (once, at rewrite time). */
  float[] values(ParameterSource source) {
    return switch (source) {
      case ParameterSource.Copy copy -> original(copy.qualifiedName()).value().toArray();
      case ParameterSource.Computed computed -> computed.values().clone();
    };
  }

  /** The original model's parameter {@code qualifiedName}. */
  Parameter original(String qualifiedName) {
    Parameter p = originals.get(qualifiedName);
    if (p == null) {
      throw new ConvoyException("the model has no parameter '" + qualifiedName + "' to rewrite from");
    }
    return p;
  }

  /** The network these nodes make, with the original inputs and outputs. */
  Network build(ProviderRegistry registry) {
    NetworkBuilder builder = Network.builder(registry);
    inputs.forEach(in -> builder.input(in.name(), in.shape()));
    nodes.forEach(n -> builder.node(n.name(), n.spec(), n.inputs().toArray(String[]::new)));
    return builder.output(outputs.toArray(String[]::new)).build();
  }

  /** Where each parameter of the rewritten network, by qualified name, gets its value. */
  Map<String, ParameterSource> parameterSources() {
    Map<String, ParameterSource> sources = new HashMap<>();
    for (RewriteNode node : nodes) {
      node.parameters().forEach((local, source) -> sources.put(node.name() + "." + local, source));
    }
    return sources;
  }
}
