package dev.convoy.formats.proto;

import dev.convoy.api.ConvoyException;
import dev.convoy.formats.proto.gen.NetworkDef;
import dev.convoy.formats.proto.gen.NodeDef;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.Node;
import dev.convoy.runtime.ProviderRegistry;
import dev.convoy.runtime.plugins.PluginModules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The layer types of a network that come from plugins, recorded in the header's
 * {@code plugin_layer_types} so that a reader without the plugin can say which one it needs before
 * building anything. Each entry is {@code Type=plugin}, e.g. {@code Maxout=maxout 0.1.0} (the
 * plugin's manifest name and version, or its module's name when it has no manifest); an entry
 * without {@code =} is a bare type name. Type names hold no {@code =}, so the first one splits.
 */
final class PluginLayerTypes {
  private PluginLayerTypes() {}

  /** One entry per plugin layer type in {@code network}, sorted by type. */
  static List<String> of(Network network) {
    Map<String, String> plugins = new TreeMap<>();
    for (Node node : network.nodes()) {
      PluginModules.pluginOf(node.layer().getClass())
          .ifPresent(plugin -> plugins.putIfAbsent(node.spec().type(), plugin));
    }
    return plugins.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
  }

  /** The type names of {@code entries}. */
  static List<String> types(List<String> entries) {
    return List.copyOf(parse(entries).keySet());
  }

  /**
   * Fails, naming the node, the type and the plugin, when a node's type is missing from {@code
   * registry} and the file says a plugin provided it; other unknown types are left to the decoder.
   */
  static void requireProvided(NetworkDef network, List<String> entries, ProviderRegistry registry) {
    Map<String, String> plugins = parse(entries);
    for (NodeDef node : network.getNodesList()) {
      String plugin = plugins.get(node.getType());
      if (plugin != null && !plugin.isEmpty() && !registry.layerProviders().containsKey(node.getType())) {
        throw new ConvoyException("node '" + node.getName() + "' has the layer type '" + node.getType()
            + "' of the plugin " + plugin + ", which is not loaded; put the plugin that provides it in the plugins "
            + "folder (--plugins DIR)");
      }
    }
  }

  private static Map<String, String> parse(List<String> entries) {
    Map<String, String> plugins = new LinkedHashMap<>();
    for (String entry : entries) {
      int split = entry.indexOf('=');
      plugins.putIfAbsent(split < 0 ? entry : entry.substring(0, split), split < 0 ? "" : entry.substring(split + 1));
    }
    return plugins;
  }
}
