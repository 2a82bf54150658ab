package dev.convoy.formats.proto;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.LayerProvider;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.formats.proto.gen.InputDef;
import dev.convoy.formats.proto.gen.NetworkDef;
import dev.convoy.formats.proto.gen.NodeDef;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.NetworkBuilder;
import dev.convoy.runtime.NetworkInput;
import dev.convoy.runtime.Node;
import dev.convoy.runtime.ProviderRegistry;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A {@link Network} to and from {@code convoy.v1.NetworkDef}. Decoding trusts nothing: shapes are
 * checked before a {@link Shape} is made, unknown layer types name the missing plugin, and layer
 * providers run behind a {@link GuardedLayerProvider}; {@link NetworkBuilder} reports duplicate
 * names, dangling inputs and cycles.
 */
final class NetworkCodec {
  private NetworkCodec() {}

  static NetworkDef encode(Network network) {
    NetworkDef.Builder def = NetworkDef.newBuilder();
    for (NetworkInput input : network.inputs()) {
      InputDef.Builder in = InputDef.newBuilder().setName(input.name());
      for (int d : input.shape().dims()) {
        in.addDims(d);
      }
      def.addInputs(in);
    }
    for (Node node : network.nodes()) {
      def.addNodes(NodeDef.newBuilder()
          .setName(node.name())
          .setType(node.spec().type())
          .addAllAttributes(AttributeCodec.encode(node.spec().attributes(), "node '" + node.name() + "'"))
          .addAllInputs(node.inputs()));
    }
    return def.addAllOutputs(network.outputs()).build();
  }

  /**
   * The saved network with every input's batch dimension (its first) set to {@code batch}, or as
   * saved when {@code batch} is negative.
   */
  static Network decode(NetworkDef def, ProviderRegistry registry, int batch) {
    checkLayerTypes(def, registry);
    NetworkBuilder builder = Network.builder(guarded(registry));
    for (InputDef input : def.getInputsList()) {
      Shape shape = Dims.shape(input.getDimsList(), "input '" + input.getName() + "'");
      if (batch >= 0 && shape.rank() > 0) {
        shape = shape.withBatch(batch);
      }
      builder.input(input.getName(), shape);
    }
    for (NodeDef node : def.getNodesList()) {
      String owner = "node '" + node.getName() + "' (" + node.getType() + ")";
      LayerSpec spec = new LayerSpec(node.getType(), AttributeCodec.decode(node.getAttributesList(), owner));
      builder.node(node.getName(), spec, node.getInputsList().toArray(String[]::new));
    }
    return builder.output(def.getOutputsList().toArray(String[]::new)).build();
  }

  private static void checkLayerTypes(NetworkDef def, ProviderRegistry registry) {
    for (NodeDef node : def.getNodesList()) {
      if (!registry.layerProviders().containsKey(node.getType())) {
        throw new ConvoyException("node '" + node.getName() + "' has the layer type '" + node.getType()
            + "', which no loaded module provides (known types: " + String.join(", ", registry.layerProviders().keySet())
            + "); put the plugin that provides it in the plugins folder (--plugins DIR)");
      }
    }
  }

  /** The same layer providers, each behind a guard; backends and optimizers are not needed to build. */
  private static ProviderRegistry guarded(ProviderRegistry registry) {
    Set<LayerProvider> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
    distinct.addAll(registry.layerProviders().values());
    List<LayerProvider> wrapped = distinct.stream().<LayerProvider>map(GuardedLayerProvider::new).toList();
    return ProviderRegistry.of(wrapped, List.of(), List.of());
  }
}
