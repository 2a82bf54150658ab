package dev.convoy.runtime;

import dev.convoy.api.Attributes;
import dev.convoy.api.LayerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Fuses a Conv with the nodes that only it feeds into one {@code FusedConv}: {@code Conv ->
 * activation}, {@code Conv -> Add} (the Add's other input becomes the residual) and {@code Conv ->
 * Add -> activation}. Each value swallowed must be read by the next node of the group alone and not
 * be a network output. The fused node takes the name of the group's last node and the Conv's
 * parameters; the kernel rounds as the separate nodes did, so results do not change. A Conv with
 * nothing to fuse becomes a FusedConv alone, for the constant filters of the fused kernel.
 */
final class ConvFusion {
  static final String FUSED_CONV = "FusedConv";
  private static final String ADD = "Add";
  /** The activation node types a FusedConv can take in (layers-core's names). */
  static final Set<String> ACTIVATIONS = Set.of("Relu", "LeakyRelu", "Clip", "Relu6", "Sigmoid", "Tanh");

  /**
   * What was fused: Convs in all, of those the ones that took in a residual Add, and the Convs
   * with nothing to fuse that became a FusedConv alone.
   */
  record Counts(int convs, int residuals, int alone) {}

  private ConvFusion() {}

  static Counts apply(RewriteGraph graph) {
    int convs = 0;
    int residuals = 0;
    int alone = 0;
    for (RewriteNode conv : graph.nodes()) {
      if (!conv.type().equals(BatchNormFolding.CONV) || !graph.contains(conv)) {
        continue;
      }
      Optional<RewriteNode> next = graph.soleReader(conv.name());
      if (next.isEmpty()) {
        graph.replace(List.of(conv), alone(conv));
        alone++;
        continue;
      }
      List<RewriteNode> group = new ArrayList<>(List.of(conv));
      List<String> inputs = new ArrayList<>(conv.inputs());
      RewriteNode node = next.get();
      if (isResidualAdd(node, conv.name())) {
        group.add(node);
        inputs.add(node.inputs().get(node.inputs().get(0).equals(conv.name()) ? 1 : 0));
        node = graph.soleReader(node.name()).orElse(null);
      }
      if (node != null && ACTIVATIONS.contains(node.type())) {
        group.add(node);
      }
      if (group.size() == 1) {
        graph.replace(group, alone(conv));
        alone++;
        continue;
      }
      RewriteNode last = group.getLast();
      LayerSpec spec = ACTIVATIONS.contains(last.type())
          ? withActivation(fusedSpec(conv.spec()), last.spec())
          : fusedSpec(conv.spec());
      graph.replace(group, new RewriteNode(last.name(), spec, inputs, conv.parameters()));
      convs++;
      if (inputs.size() == 2) {
        residuals++;
      }
    }
    return new Counts(convs, residuals, alone);
  }

  /**
   * {@code conv} as a FusedConv with nothing fused in: the fused kernel's filters are constants, so
   * a backend packs them once instead of on every call (the plain Conv kernel may not: training
   * changes its filters between calls).
   */
  private static RewriteNode alone(RewriteNode conv) {
    return new RewriteNode(conv.name(), fusedSpec(conv.spec()), conv.inputs(), conv.parameters());
  }

  /** An Add of two values, one of them {@code conv}'s output and the other something else. */
  private static boolean isResidualAdd(RewriteNode node, String conv) {
    List<String> in = node.inputs();
    return node.type().equals(ADD) && in.size() == 2 && in.contains(conv) && !in.get(0).equals(in.get(1));
  }

  /** The Conv's spec as a FusedConv's, every Conv attribute kept. */
  private static LayerSpec fusedSpec(LayerSpec conv) {
    return new LayerSpec(FUSED_CONV, conv.attributes());
  }

  /** {@code fused} with the activation of node spec {@code activation}, its parameters copied where given. */
  private static LayerSpec withActivation(LayerSpec fused, LayerSpec activation) {
    Attributes a = activation.attributes();
    return switch (activation.type()) {
      case "Relu" -> fused.with("activation", "relu");
      case "LeakyRelu" -> copy(a, fused.with("activation", "leaky_relu"), "alpha");
      case "Clip" -> copy(a, copy(a, fused.with("activation", "clip"), "min"), "max");
      case "Relu6" -> fused.with("activation", "clip").with("min", 0f).with("max", 6f);
      case "Sigmoid" -> fused.with("activation", "sigmoid");
      case "Tanh" -> fused.with("activation", "tanh");
      default -> throw new IllegalArgumentException("not a fusable activation: " + activation.type());
    };
  }

  /** {@code spec} with float attribute {@code name} from {@code from}, when {@code from} has it. */
  private static LayerSpec copy(Attributes from, LayerSpec spec, String name) {
    return from.has(name) ? spec.with(name, from.getFloat(name, 0f)) : spec;
  }
}
