package dev.convoy.runtime;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@link Network} from inputs, nodes and outputs given in any order. {@link #build()}
 * rejects duplicate names, dangling inputs and cycles (naming the nodes involved), sorts the nodes
 * topologically and makes every layer with its checked input shapes.
 */
public final class NetworkBuilder {
  private final ProviderRegistry registry;
  private final List<NetworkInput> inputs = new ArrayList<>();
  private final Map<String, PendingNode> nodes = new LinkedHashMap<>();
  private final List<String> outputs = new ArrayList<>();

  private record PendingNode(String name, LayerSpec spec, List<String> inputs) {}

  NetworkBuilder(ProviderRegistry registry) {
    this.registry = registry;
  }

  public NetworkBuilder input(String name, Shape shape) {
    claim(name);
    inputs.add(new NetworkInput(name, shape));
    return this;
  }

  /** Adds node {@code name} computing {@code spec} over the named values, in order. */
  public NetworkBuilder node(String name, LayerSpec spec, String... inputNames) {
    claim(name);
    if (inputNames.length == 0) {
      throw new ConvoyException("node '" + name + "' (" + spec.type() + ") has no inputs");
    }
    nodes.put(name, new PendingNode(name, spec, List.of(inputNames)));
    return this;
  }

  /** Marks values the network returns; without any, every node nobody reads is an output. */
  public NetworkBuilder output(String... names) {
    outputs.addAll(Arrays.asList(names));
    return this;
  }

  boolean has(String name) {
    return nodes.containsKey(name) || inputs.stream().anyMatch(in -> in.name().equals(name));
  }

  private void claim(String name) {
    if (name == null || name.isBlank()) {
      throw new ConvoyException("node and input names must not be blank");
    }
    if (has(name)) {
      throw new ConvoyException("the name '" + name + "' is used twice; node and input names must be unique");
    }
  }

  public Network build() {
    if (inputs.isEmpty()) {
      throw new ConvoyException("a network needs at least one input");
    }
    checkReferences();
    List<PendingNode> order = topologicalOrder();
    Map<String, Shape> shapes = new HashMap<>();
    inputs.forEach(in -> shapes.put(in.name(), in.shape()));
    List<Node> built = new ArrayList<>();
    for (PendingNode pending : order) {
      List<Shape> inputShapes = pending.inputs().stream().map(shapes::get).toList();
      Layer layer = registry.layerProvider(pending.spec().type()).create(pending.name(), pending.spec(), inputShapes);
      Node node = new Node(pending.name(), pending.spec(), pending.inputs(), layer, layer.outputShape());
      shapes.put(node.name(), node.outputShape());
      built.add(node);
    }
    return new Network(inputs, built, resolveOutputs());
  }

  private void checkReferences() {
    List<String> problems = new ArrayList<>();
    for (PendingNode node : nodes.values()) {
      for (String input : node.inputs()) {
        if (!has(input)) {
          problems.add("node '" + node.name() + "' reads '" + input + "', which is neither an input nor a node");
        }
      }
    }
    for (String output : outputs) {
      if (!has(output)) {
        problems.add("output '" + output + "' is neither an input nor a node");
      }
    }
    if (!problems.isEmpty()) {
      throw new ConvoyException(String.join("; ", problems));
    }
  }

  /** Kahn's algorithm; whatever is left over lies on or behind a cycle. */
  private List<PendingNode> topologicalOrder() {
    Map<String, Integer> unmet = new HashMap<>();
    Map<String, List<PendingNode>> readers = new HashMap<>();
    for (PendingNode node : nodes.values()) {
      int fromNodes = 0;
      for (String input : node.inputs()) {
        if (nodes.containsKey(input)) {
          fromNodes++;
          readers.computeIfAbsent(input, k -> new ArrayList<>()).add(node);
        }
      }
      unmet.put(node.name(), fromNodes);
    }
    Deque<PendingNode> ready = new ArrayDeque<>();
    nodes.values().stream().filter(n -> unmet.get(n.name()) == 0).forEach(ready::add);
    List<PendingNode> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      PendingNode node = ready.removeFirst();
      order.add(node);
      for (PendingNode reader : readers.getOrDefault(node.name(), List.of())) {
        // A node reading the same value twice (x + x) counts it twice, so it is released once per edge.
        if (unmet.merge(reader.name(), -1, Integer::sum) == 0) {
          ready.addLast(reader);
        }
      }
    }
    if (order.size() < nodes.size()) {
      Set<String> stuck = new LinkedHashSet<>(nodes.keySet());
      order.forEach(n -> stuck.remove(n.name()));
      throw new ConvoyException("the network has a cycle through the nodes " + stuck
          + "; a network must be a DAG (every node after the nodes it reads)");
    }
    return order;
  }

  private List<String> resolveOutputs() {
    if (!outputs.isEmpty()) {
      return List.copyOf(new LinkedHashSet<>(outputs));
    }
    Set<String> read = new java.util.HashSet<>();
    nodes.values().forEach(n -> read.addAll(n.inputs()));
    List<String> sinks = nodes.keySet().stream().filter(name -> !read.contains(name)).toList();
    if (sinks.isEmpty()) {
      throw new ConvoyException("the network has no nodes to return; add a node or name an output");
    }
    return sinks;
  }
}
