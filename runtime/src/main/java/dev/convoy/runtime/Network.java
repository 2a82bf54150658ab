package dev.convoy.runtime;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.Shape;
import dev.convoy.api.LayerSpec;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;

/**
 * A ConvNet as a directed acyclic graph of named nodes, so skip connections and branches fit as
 * well as the notes' plain INPUT -> [CONV -> RELU -> POOL] -> FC stacks. Shapes are checked and
 * every layer is made when the network is built; no storage is allocated (see {@link Model}), so a
 * 138M-parameter net can be inspected for free. Immutable.
 */
public final class Network {
  /** The input and node names {@link #withLoss} adds. */
  public static final String LABELS = "labels";
  public static final String LOSS = "loss";

  private final List<NetworkInput> inputs;
  private final List<Node> nodes;
  private final List<String> outputs;
  private final Map<String, Shape> shapes;

  Network(List<NetworkInput> inputs, List<Node> topologicallySorted, List<String> outputs) {
    this.inputs = List.copyOf(inputs);
    this.nodes = List.copyOf(topologicallySorted);
    this.outputs = List.copyOf(outputs);
    Map<String, Shape> byName = new LinkedHashMap<>();
    inputs.forEach(in -> byName.put(in.name(), in.shape()));
    nodes.forEach(node -> byName.put(node.name(), node.outputShape()));
    this.shapes = byName;
  }

  /** A builder for any DAG. */
  public static NetworkBuilder builder(ProviderRegistry registry) {
    return new NetworkBuilder(registry);
  }

  public List<NetworkInput> inputs() {
    return inputs;
  }

  /** Every node, each after all the nodes it reads. */
  public List<Node> nodes() {
    return nodes;
  }

  /** The names of the values the network returns. */
  public List<String> outputs() {
    return outputs;
  }

  /** The shape of a network input or node output. */
  public Shape shape(String name) {
    Shape shape = shapes.get(name);
    if (shape == null) {
      throw new ConvoyException("no input or node named '" + name + "' (known: " + String.join(", ", shapes.keySet()) + ")");
    }
    return shape;
  }

  public Node node(String name) {
    for (Node node : nodes) {
      if (node.name().equals(name)) {
        return node;
      }
    }
    throw new ConvoyException("no node named '" + name + "'");
  }

  /** The names of {@code wanted} and of every input and node they are computed from. */
  public Set<String> ancestors(List<String> wanted) {
    Set<String> needed = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    for (String name : wanted) {
      shape(name);
      todo.add(name);
    }
    Map<String, Node> byName = new HashMap<>();
    nodes.forEach(node -> byName.put(node.name(), node));
    while (!todo.isEmpty()) {
      String name = todo.removeFirst();
      if (needed.add(name) && byName.containsKey(name)) {
        todo.addAll(byName.get(name).inputs());
      }
    }
    return needed;
  }

  /** A builder holding this network's inputs, nodes and outputs, to extend it. */
  public NetworkBuilder toBuilder(ProviderRegistry registry) {
    NetworkBuilder builder = builder(registry);
    inputs.forEach(in -> builder.input(in.name(), in.shape()));
    nodes.forEach(node -> builder.node(node.name(), node.spec(), node.inputs().toArray(String[]::new)));
    return builder.output(outputs.toArray(String[]::new));
  }

  /**
   * This network plus an input {@code labels} ({@code [N]} class indices) and a node {@code loss}
   * computing {@code lossSpec} (e.g. {@code SoftmaxCrossEntropy}) over the single output and the labels.
   * The outputs stay the same, so inference on the result never needs labels.
   */
  public Network withLoss(ProviderRegistry registry, LayerSpec lossSpec) {
    if (outputs.size() != 1) {
      throw new ConvoyException("a loss needs a network with one output; this one has " + outputs);
    }
    return toBuilder(registry)
        .input(LABELS, Shape.of(shape(outputs.getFirst()).dim(0)))
        .node(LOSS, lossSpec, outputs.getFirst(), LABELS)
        .build();
  }

  /** Total trainable values (weights and biases). */
  public long parameterCount() {
    return nodes.stream().mapToLong(Node::parameterCount).sum();
  }
}
