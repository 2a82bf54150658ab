package dev.convoy.runtime.plugins;

import dev.convoy.api.BackendProvider;
import dev.convoy.api.LayerProvider;
import dev.convoy.api.OptimizerProvider;
import dev.convoy.runtime.ProviderRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * What {@link PluginLoader#load} found in a plugins folder: every plugin with its status, and the
 * providers of those that loaded. {@link #registry} adds them to the built-in ones.
 */
public record PluginScan(Path folder, List<Plugin> plugins) {

  public PluginScan {
    plugins = List.copyOf(plugins);
  }

  /** The plugins in use. */
  public List<Plugin> loaded() {
    return plugins.stream().filter(p -> p.status().loaded()).toList();
  }

  /** The plugins skipped, each with its reason. */
  public List<Plugin> skipped() {
    return plugins.stream().filter(p -> !p.status().loaded()).toList();
  }

  /**
   * {@code builtIn}'s providers plus every loaded plugin's.
   *
   * @throws dev.convoy.api.ConvoyException when two providers claim one layer type, backend name
   *     or optimizer name, naming both (a plugin and a built-in module, or two plugins)
   */
  public ProviderRegistry registry(ProviderRegistry builtIn) {
    List<LayerProvider> layers = new ArrayList<>(distinct(builtIn.layerProviders().values()));
    List<BackendProvider> backends = new ArrayList<>(builtIn.backendProviders());
    List<OptimizerProvider> optimizers = new ArrayList<>(distinct(builtIn.optimizerProviders().values()));
    for (Plugin plugin : loaded()) {
      layers.addAll(plugin.layerProviders());
      backends.addAll(plugin.backendProviders());
      optimizers.addAll(plugin.optimizerProviders());
    }
    return ProviderRegistry.of(layers, backends, optimizers);
  }

  /** One provider answers to several names; the registry wants each once. */
  private static <T> List<T> distinct(java.util.Collection<T> providers) {
    Set<T> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    return providers.stream().filter(seen::add).toList();
  }
}
