package dev.convoy.app.summary;

import dev.convoy.api.ParamSpec;
import dev.convoy.api.Shape;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.NetworkInput;
import dev.convoy.runtime.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The notes' accounting of a network: one {@link SummaryRow} per layer, in execution order, and
 * the totals of activations, weights, biases and statistics. Works from the built network alone
 * (shapes and declared parameters), so it costs nothing even for VGG-16.
 *
 * <p>As in the notes' VGG table, a layer that can work in place on the output of the layer before
 * (RELU, dropout and the other elementwise activations) gets no row and no memory of its own: it is
 * shown on that layer's row ({@code +RELU}). That needs it to be the only reader of that output;
 * otherwise, or with {@code everyNode}, it has its own row. The loss and labels of a training
 * network are left out.
 *
 * @param activations activation values per image over all rows, the INPUT included
 * @param weights weight values (what the notes' table counts)
 * @param biases bias values
 * @param statistics values kept but not trained (BatchNorm running mean and variance)
 * @param foldedTypes the in-place layer types shown on other layers' rows, in order of appearance
 */
public record NetworkSummary(List<SummaryRow> rows, long activations, long weights, long biases, long statistics,
    List<String> foldedTypes) {

  /** Layer types that may overwrite their input, as the notes count them. */
  static final Set<String> IN_PLACE =
      Set.of("Relu", "LeakyRelu", "Relu6", "Clip", "Sigmoid", "Tanh", "Dropout");

  public NetworkSummary {
    rows = List.copyOf(rows);
    foldedTypes = List.copyOf(foldedTypes);
  }

  /** Trained values: weights and biases, the number PyTorch reports for a model. */
  public long parameters() {
    return weights + biases;
  }

  public static NetworkSummary of(Network network, boolean everyNode) {
    return new Builder(network, everyNode).build();
  }

  private static final class Builder {
    private final Network network;
    private final boolean everyNode;
    private final Set<String> needed;
    private final Map<String, Integer> readers = new HashMap<>();
    private final List<MutableRow> rows = new ArrayList<>();
    private final Map<String, MutableRow> rowOf = new HashMap<>();
    private final Set<String> foldedTypes = new LinkedHashSet<>();
    private long weights;
    private long biases;
    private long statistics;

    Builder(Network network, boolean everyNode) {
      this.network = network;
      this.everyNode = everyNode;
      this.needed = network.ancestors(network.outputs());
      for (Node node : network.nodes()) {
        if (needed.contains(node.name())) {
          node.inputs().forEach(in -> readers.merge(in, 1, Integer::sum));
        }
      }
    }

    NetworkSummary build() {
      for (NetworkInput input : network.inputs()) {
        if (needed.contains(input.name())) {
          add(new MutableRow("INPUT", input.shape(), "0", 0, input.name(), List.of(), true));
        }
      }
      for (Node node : readingOrder()) {
        if (!foldedIntoInput(node)) {
          addNode(node);
        }
      }
      long activations = rows.stream().mapToLong(r -> r.shape.sizePerItem()).sum();
      return new NetworkSummary(rows.stream().map(MutableRow::toRow).toList(), activations, weights, biases,
          statistics, List.copyOf(foldedTypes));
    }

    /**
     * The needed nodes, each after its inputs, branch by branch: a depth-first walk from the outputs
     * that visits a node's inputs in order, so an Inception module lists its first branch to the end,
     * then the second, and a residual block its main path before its shortcut, as one reads them.
     */
    private List<Node> readingOrder() {
      Map<String, Node> byName = new HashMap<>();
      network.nodes().forEach(node -> byName.put(node.name(), node));
      List<Node> order = new ArrayList<>();
      Set<String> visited = new HashSet<>();
      network.outputs().forEach(output -> visit(output, byName, visited, order));
      return order;
    }

    private static void visit(String name, Map<String, Node> byName, Set<String> visited, List<Node> order) {
      Node node = byName.get(name);
      if (node == null || !visited.add(name)) {
        return;
      }
      node.inputs().forEach(in -> visit(in, byName, visited, order));
      order.add(node);
    }

    /** Shows an in-place layer on the row of the value it reads, when it is that value's only reader. */
    private boolean foldedIntoInput(Node node) {
      if (everyNode || !IN_PLACE.contains(node.spec().type()) || node.inputs().size() != 1) {
        return false;
      }
      String in = node.inputs().getFirst();
      MutableRow row = rowOf.get(in);
      if (row == null || row.isInput || readers.getOrDefault(in, 0) != 1 || network.outputs().contains(in)) {
        return false;
      }
      String type = node.spec().type().toUpperCase(Locale.ROOT);
      row.folded.add(type);
      foldedTypes.add(type);
      rowOf.put(node.name(), row);
      return true;
    }

    private void addNode(Node node) {
      long nodeWeights = 0;
      for (ParamSpec p : node.layer().parameters()) {
        switch (ParameterKind.of(p)) {
          case WEIGHT -> nodeWeights += p.shape().size();
          case BIAS -> biases += p.shape().size();
          case STATISTIC -> statistics += p.shape().size();
        }
      }
      weights += nodeWeights;
      Shape input = network.shape(node.inputs().getFirst());
      List<String> reads = node.inputs().stream().map(in -> rowOf.get(in).node).distinct().toList();
      String previous = rows.isEmpty() ? null : rows.getLast().node;
      boolean plainChain = reads.size() == 1 && reads.getFirst().equals(previous);
      add(new MutableRow(LayerText.label(node), node.outputShape(), LayerText.weights(node, input, nodeWeights),
          nodeWeights, node.name(), plainChain ? List.of() : reads, false));
    }

    private void add(MutableRow row) {
      rows.add(row);
      rowOf.put(row.node, row);
    }
  }

  private static final class MutableRow {
    final String label;
    final Shape shape;
    final String weightsFormula;
    final long weights;
    final String node;
    final List<String> inputs;
    final boolean isInput;
    final List<String> folded = new ArrayList<>();

    MutableRow(String label, Shape shape, String weightsFormula, long weights, String node, List<String> inputs,
        boolean isInput) {
      this.label = label;
      this.shape = shape;
      this.weightsFormula = weightsFormula;
      this.weights = weights;
      this.node = node;
      this.inputs = inputs;
      this.isInput = isInput;
    }

    SummaryRow toRow() {
      return new SummaryRow(label, shape.toNotesString(), LayerText.memory(shape), shape.sizePerItem(),
          weightsFormula, weights, node, folded, inputs);
    }
  }
}
