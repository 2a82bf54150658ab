package dev.convoy.runtime.plugins;

import dev.convoy.api.LayerProvider;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Tells a plugin's code from Convoy's own by the module layer it was loaded into, so a checkpoint
 * can record which plugin each layer type came from. Convoy's modules live in the layer that holds
 * {@code dev.convoy.api} or one of its ancestors (the boot layer when started by the launcher);
 * anything in another layer came from a plugin.
 */
public final class PluginModules {
  private PluginModules() {}

  /**
   * The plugin that {@code type} belongs to, e.g. {@code maxout 0.1.0} from its manifest, or its
   * module's name for an unversioned plugin; empty for Convoy's own code and the class path.
   */
  public static Optional<String> pluginOf(Class<?> type) {
    Module module = type.getModule();
    ModuleLayer layer = module.getLayer();
    if (!module.isNamed() || layer == null || hostLayers().contains(layer)) {
      return Optional.empty();
    }
    return Optional.of(PluginManifest.of(layer).map(PluginManifest::toString).orElse(module.getName()));
  }

  /** The api's layer and its ancestors; the boot layer when the api is on the class path. */
  private static Set<ModuleLayer> hostLayers() {
    ModuleLayer apiLayer = LayerProvider.class.getModule().getLayer();
    Set<ModuleLayer> host = new HashSet<>();
    Deque<ModuleLayer> todo = new ArrayDeque<>();
    todo.add(apiLayer == null ? ModuleLayer.boot() : apiLayer);
    while (!todo.isEmpty()) {
      ModuleLayer next = todo.removeFirst();
      if (host.add(next)) {
        todo.addAll(next.parents());
      }
    }
    return host;
  }
}
