package dev.convoy.runtime;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Parameter;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The notes' FC -> CONV conversion (Caffe's "net surgery"): every FC layer becomes the CONV that
 * computes the same thing, so a net trained on 224x224 crops slides over a larger image in one
 * pass and returns a map of class scores instead of one score vector.
 *
 * <p>The first FC after a spatial volume (VGG-16's FC-4096 over 7x7x512) becomes a CONV whose
 * filter covers that whole volume (F = 7, K = 4096, S = 1, P = 0); every following FC becomes a
 * 1x1 CONV. {@code Flatten} nodes are dropped, since a CONV reads the volume itself. Node and
 * parameter names stay, and an FC weight {@code [K, C*H*W]} holds, in the same row-major order,
 * exactly the values of the CONV filter {@code [K, C, H, W]}, so trained values are copied as they are.
 *
 * <p>On VGG-16 converted for 384x384 the last CONV gives a 6x6x1000 map: the scores of the 224x224
 * net at the 36 crops 32 pixels apart. The equality is exact where the net pads nothing, and near
 * the crop borders differs only through zero padding (a crop's border sees zeros where the large
 * image has pixels). The loss node and labels input of a training network are left out.
 */
public final class FullyConvolutional {
  private static final String FLATTEN = "Flatten";
  private static final String FC = "FC";

  private FullyConvolutional() {}

  /**
   * {@code network} with every FC as its CONV equivalent, built for the image batch {@code input}
   * ({@code [N, C, H, W]}; null keeps the network's own). Builds shapes only, allocates nothing.
   *
   * @throws ConvoyException when the network has no FC, several image inputs, or an FC whose
   *     input is neither an image volume nor another FC's scores
   */
  public static Network convert(Network network, ProviderRegistry registry, Shape input) {
    Set<String> needed = network.ancestors(network.outputs());
    List<NetworkInput> inputs = network.inputs().stream().filter(in -> needed.contains(in.name())).toList();
    if (inputs.size() != 1) {
      throw new ConvoyException("FC -> CONV conversion needs a network with one image input; this one reads "
          + inputs.stream().map(NetworkInput::name).toList());
    }
    NetworkInput image = inputs.getFirst();
    Shape newInput = input == null ? image.shape() : input;
    if (newInput.rank() != 4 || image.shape().rank() != 4 || newInput.c() != image.shape().c()) {
      throw new ShapeException("FC -> CONV conversion takes image batches [N, C, H, W] with the network's depth "
          + (image.shape().rank() == 4 ? "C=" + image.shape().c() : "(the network input is " + image.shape() + ")")
          + "; got " + newInput);
    }
    NetworkBuilder builder = Network.builder(registry).input(image.name(), newInput);
    Map<String, String> renamed = new HashMap<>();
    int converted = 0;
    for (Node node : network.nodes()) {
      if (!needed.contains(node.name())) {
        continue;
      }
      String[] reads = node.inputs().stream().map(in -> renamed.getOrDefault(in, in)).toArray(String[]::new);
      switch (node.spec().type()) {
        case FLATTEN -> renamed.put(node.name(), reads[0]);
        case FC -> {
          builder.node(node.name(), convFor(network, node), reads);
          converted++;
        }
        default -> builder.node(node.name(), node.spec(), reads);
      }
    }
    if (converted == 0) {
      throw new ConvoyException("the network has no FC layer to convert; it is fully convolutional already");
    }
    Network result;
    try {
      result = builder.output(network.outputs().stream().map(out -> renamed.getOrDefault(out, out))
          .toArray(String[]::new)).build();
    } catch (ShapeException e) {
      throw new ShapeException("the fully convolutional network does not fit a " + newInput.toNotesString()
          + " input: " + e.getMessage());
    }
    checkParameterSizes(network, result);
    return result;
  }

  /**
   * A model of the converted network on {@code trained}'s backend holding {@code trained}'s values:
   * the same function, now also over larger images. The caller owns and closes it.
   */
  public static Model convert(Model trained, ProviderRegistry registry, Shape input) {
    Network network = convert(trained.network(), registry, input);
    Model model = Model.create(network, trained.backend(), 0);
    try {
      for (Parameter p : model.parameters()) {
        trained.backend().copy(trained.parameter(p.name()).value(), p.value());
      }
      return model;
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * The CONV computing FC {@code node}: its filter covers the whole volume the FC reads, found by
   * looking back through Flatten and through layers that keep the shape (RELU, dropout); an FC
   * reading another FC's scores ({@code [N, D]}) becomes a 1x1 CONV.
   */
  private static LayerSpec convFor(Network network, Node node) {
    Shape volume = network.shape(spatialSource(network, node.inputs().getFirst()));
    int kh;
    int kw;
    if (volume.rank() == 4) {
      kh = volume.h();
      kw = volume.w();
    } else if (volume.rank() == 2) {
      kh = 1;
      kw = 1;
    } else {
      throw new ShapeException(node.name() + ": cannot turn this FC into a CONV: it reads " + volume
          + ", neither an image volume [N, C, H, W] nor scores [N, D]");
    }
    return LayerSpec.of("Conv")
        .with("filters", node.spec().attributes().getInt("units", 0))
        .with("kernel", kh, kw)
        .with("stride", 1)
        .with("pad", 0)
        .with("bias", node.spec().attributes().getInt("bias", 1));
  }

  private static String spatialSource(Network network, String value) {
    String current = value;
    while (isNode(network, current)) {
      Node node = network.node(current);
      boolean keepsShape = node.inputs().size() == 1
          && network.shape(node.inputs().getFirst()).equals(node.outputShape());
      if (!node.spec().type().equals(FLATTEN) && !keepsShape) {
        break;
      }
      current = node.inputs().getFirst();
    }
    return current;
  }

  private static boolean isNode(Network network, String name) {
    return network.nodes().stream().anyMatch(n -> n.name().equals(name));
  }

  /** Every converted CONV must hold exactly as many values as its FC, or the copy would be wrong. */
  private static void checkParameterSizes(Network original, Network converted) {
    for (Node node : converted.nodes()) {
      long before = original.node(node.name()).parameterCount();
      if (node.parameterCount() != before) {
        throw new ShapeException(node.name() + ": the converted layer holds " + node.parameterCount()
            + " parameters but the original " + before + "; its input depth changed");
      }
    }
  }
}
