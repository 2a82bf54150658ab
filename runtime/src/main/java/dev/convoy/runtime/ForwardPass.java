package dev.convoy.runtime;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.Volume;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The activations of one forward pass, kept for backpropagation. {@link #backward} adds every
 * parameter's gradient into the model's gradient volumes and returns the gradients with respect to
 * the network inputs (useful for saliency maps). Closing frees every activation the pass made.
 */
public final class ForwardPass implements AutoCloseable {
  private final Model model;
  private final Map<String, Volume> values;
  private final Set<String> callerOwned;
  private final boolean training;
  private final long step;

  ForwardPass(Model model, Map<String, Volume> values, Set<String> callerOwned, boolean training, long step) {
    this.model = model;
    this.values = values;
    this.callerOwned = Set.copyOf(callerOwned);
    this.training = training;
    this.step = step;
  }

  /** The activation of node (or input) {@code name}; owned by this pass. */
  public Volume value(String name) {
    Volume v = values.get(name);
    if (v == null) {
      throw new ConvoyException("no activation named '" + name + "'");
    }
    return v;
  }

  /** The single network output. */
  public Volume output() {
    List<String> outputs = model.network().outputs();
    if (outputs.size() != 1) {
      throw new ConvoyException("the network has outputs " + outputs + "; name one");
    }
    return value(outputs.getFirst());
  }

  /** Backpropagates from the single output. */
  public Map<String, Volume> backward(Volume outputGradient) {
    return backward(Map.of(model.network().outputs().getFirst(), outputGradient));
  }

  /**
   * Backpropagates the given gradients (by node name, caller-owned) through the graph in reverse
   * order, summing where a value feeds several readers. Returns the gradients of the network
   * inputs, owned by the caller.
   */
  public Map<String, Volume> backward(Map<String, Volume> outputGradients) {
    return backward(outputGradients, true);
  }

  /**
   * Backpropagates as {@link #backward(Map)} for the parameter gradients only: nothing computes the
   * gradients of the network inputs (a training step never reads them; for a first CONV that is
   * its whole input gradient).
   */
  public void backwardToParameters(Map<String, Volume> outputGradients) {
    backward(outputGradients, false).values().forEach(Volume::close);
  }

  private Map<String, Volume> backward(Map<String, Volume> outputGradients, boolean wantInputGradients) {
    var backend = model.backend();
    Set<String> networkInputs = wantInputGradients ? Set.of()
        : model.network().inputs().stream().map(NetworkInput::name).collect(Collectors.toSet());
    Map<String, Volume> gradients = new HashMap<>();
    for (var e : outputGradients.entrySet()) {
      Volume own = backend.allocate(e.getValue().shape());
      backend.copy(e.getValue(), own);
      gradients.put(e.getKey(), own);
    }
    List<Node> nodes = model.network().nodes();
    for (int i = nodes.size() - 1; i >= 0; i--) {
      Node node = nodes.get(i);
      Volume gradient = gradients.remove(node.name());
      if (gradient == null) {
        continue;
      }
      List<Volume> inputs = node.inputs().stream().map(values::get).toList();
      NodeContext context = model.context(node, training, step);
      if (!networkInputs.isEmpty()) {
        context = context.withInputGradients(j -> !networkInputs.contains(node.inputs().get(j)));
      }
      List<Volume> inputGradients = node.layer().backward(context, inputs, values.get(node.name()), gradient);
      gradient.close();
      for (int j = 0; j < node.inputs().size(); j++) {
        Volume g = j < inputGradients.size() ? inputGradients.get(j) : null;
        if (g != null) {
          gradients.merge(node.inputs().get(j), g, (sum, more) -> {
            backend.axpy(1f, more, sum);
            more.close();
            return sum;
          });
        }
      }
    }
    return gradients;
  }

  @Override
  public void close() {
    values.forEach((name, v) -> {
      if (!callerOwned.contains(name)) {
        v.close();
      }
    });
  }
}
