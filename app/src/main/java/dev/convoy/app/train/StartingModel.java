package dev.convoy.app.train;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.Parameter;
import dev.convoy.api.Shape;
import dev.convoy.formats.proto.ConvoyCheckpoint;
import dev.convoy.formats.proto.LoadedCheckpoint;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.NetworkBuilder;
import dev.convoy.runtime.NetworkInput;
import dev.convoy.runtime.Node;
import dev.convoy.runtime.ProviderRegistry;
import dev.convoy.zoo.Zoo;
import dev.convoy.zoo.ZooModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code train --model M} starts from: a zoo model, initialised from the seed, or a
 * {@code .convoy} file, whose network is trained on from its saved weights. A file is how a network
 * the zoo does not have gets trained from the command line, e.g. one with a plugin's layer, defined
 * in Java and saved untrained. Its loss node, if it was saved with one, is replaced by {@code --loss}.
 */
public final class StartingModel {
  private final ZooModel architecture;
  private final LoadedCheckpoint saved;

  private StartingModel(ZooModel architecture, LoadedCheckpoint saved) {
    this.architecture = architecture;
    this.saved = saved;
  }

  /** A zoo name, or a path ending in {@code .convoy}, read with {@code registry}'s layers (plugins included). */
  public static StartingModel of(String model, ProviderRegistry registry) {
    if (!model.endsWith(".convoy")) {
      return new StartingModel(Zoo.get(model), null);
    }
    Path file = Path.of(model);
    if (!Files.isRegularFile(file)) {
      throw new ConvoyException("no model file " + file);
    }
    LoadedCheckpoint saved = ConvoyCheckpoint.read(file, registry);
    return fromCheckpoint(file, saved, file.getFileName().toString().replaceFirst("\\.convoy$", ""), registry);
  }

  /** The network and weights of {@code saved}, read from {@code file}, named {@code name} (also for {@code --resume}). */
  public static StartingModel fromCheckpoint(Path file, LoadedCheckpoint saved, String name, ProviderRegistry registry) {
    Network net = withoutLoss(saved.network(), registry);
    List<NetworkInput> images = net.inputs();
    if (images.size() != 1 || images.getFirst().shape().rank() != 4 || net.outputs().size() != 1) {
      throw new ConvoyException(file + " has inputs " + images + " and outputs " + net.outputs() + "; convoy train "
          + "needs one image input [N, C, H, W] and one output of class scores");
    }
    Shape input = images.getFirst().shape();
    int classes = net.shape(net.outputs().getFirst()).sizePerItem();
    return new StartingModel(new ZooModel(name, "saved in " + file, Shape.of(input.c(), input.h(), input.w()),
        classes, (providers, shape) -> network(saved, input, providers, shape)), saved);
  }

  /** The network's description: a zoo entry, or one made from the file. */
  public ZooModel architecture() {
    return architecture;
  }

  /** Puts the file's saved values into {@code model}'s parameters; a zoo model keeps its seeded initialisation. */
  public void loadWeights(Model model) {
    if (saved == null) {
      return;
    }
    for (Parameter p : model.parameters()) {
      p.value().write(saved.parameter(p.name()).values());
    }
  }

  /** The saved network for {@code input} (only its batch size may differ from {@code savedInput}), without its loss. */
  private static Network network(LoadedCheckpoint saved, Shape savedInput, ProviderRegistry registry, Shape input) {
    if (!input.withBatch(savedInput.n()).equals(savedInput)) {
      throw new ConvoyException("the saved network takes " + savedInput.toNotesString() + " images, not "
          + input.toNotesString());
    }
    return withoutLoss(saved.network(input.n()), registry);
  }

  /** {@code net} without the loss node and labels input that {@link Network#withLoss} adds. */
  private static Network withoutLoss(Network net, ProviderRegistry registry) {
    if (net.nodes().stream().noneMatch(node -> node.name().equals(Network.LOSS))) {
      return net;
    }
    NetworkBuilder builder = Network.builder(registry);
    for (NetworkInput in : net.inputs()) {
      if (!in.name().equals(Network.LABELS)) {
        builder.input(in.name(), in.shape());
      }
    }
    for (Node node : net.nodes()) {
      if (!node.name().equals(Network.LOSS)) {
        builder.node(node.name(), node.spec(), node.inputs().toArray(String[]::new));
      }
    }
    return builder.output(net.outputs().toArray(String[]::new)).build();
  }
}
