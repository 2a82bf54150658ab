package dev.convoy.app.summary;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.Shape;
import dev.convoy.app.model.ModelFile;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.NetworkBuilder;
import dev.convoy.runtime.NetworkInput;
import dev.convoy.runtime.Node;
import dev.convoy.runtime.ProviderRegistry;
import dev.convoy.zoo.Zoo;
import dev.convoy.zoo.ZooModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The network a summary describes: a zoo model, a {@code .convoy} or an {@code .onnx} file, built for one image (of
 * another size with {@code --input}) and without its loss, since the table is about inference
 * volumes and parameters. Only shapes are built; no parameter is read or allocated.
 *
 * @param title what the first line calls it, e.g. {@code vgg16} or {@code m.convoy}
 */
public record SummarySource(String title, Network network) {

  /** Resolves {@code model}; {@code input} may be null (the model's own size). */
  public static SummarySource load(String model, ProviderRegistry registry, InputSize input) {
    if (ModelFile.isFile(model)) {
      Path file = Path.of(model);
      Network saved = ModelFile.read(file, registry).network(1);
      return new SummarySource(file.getFileName().toString(), forImages(saved, registry, input));
    }
    ZooModel zoo = Zoo.get(model);
    Shape shape = input == null ? zoo.inputShape(1) : input.toShape(1, zoo.inputItem().dim(0));
    return new SummarySource(zoo.name(), zoo.build(registry, shape));
  }

  /** {@code network} without what its outputs do not need (a loss and its labels), for {@code input} if given. */
  static Network forImages(Network network, ProviderRegistry registry, InputSize input) {
    Set<String> needed = network.ancestors(network.outputs());
    List<NetworkInput> inputs = network.inputs().stream().filter(in -> needed.contains(in.name())).toList();
    if (input != null && (inputs.size() != 1 || inputs.getFirst().shape().rank() != 4)) {
      throw new ConvoyException("--input needs a model with one image input; this one reads "
          + inputs.stream().map(in -> in.name() + " " + in.shape()).toList());
    }
    NetworkBuilder builder = Network.builder(registry);
    for (NetworkInput in : inputs) {
      builder.input(in.name(), input == null ? in.shape() : input.toShape(in.shape().n(), in.shape().c()));
    }
    for (Node node : network.nodes()) {
      if (needed.contains(node.name())) {
        builder.node(node.name(), node.spec(), node.inputs().toArray(String[]::new));
      }
    }
    return builder.output(network.outputs().toArray(String[]::new)).build();
  }
}
