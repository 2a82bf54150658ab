package dev.convoy.runtime.plugins;

import dev.convoy.api.BackendProvider;
import dev.convoy.api.LayerProvider;
import dev.convoy.api.OptimizerProvider;
import dev.convoy.runtime.ProviderOrigin;
import dev.convoy.runtime.ProviderRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
   * This scan with every loaded plugin that claims a name already taken skipped ({@link
   * PluginStatus#CLASHING}), saying which name and whose it is: a built-in module keeps its names,
   * and of two plugins the one first in folder order keeps them. One stray jar then costs its own
   * providers, not every command.
   */
  public PluginScan withoutClashes(ProviderRegistry builtIn) {
    Map<String, Object> taken = new LinkedHashMap<>();
    builtIn.layerProviders().forEach((type, p) -> taken.put("layer type '" + type + "'", p));
    builtIn.backendProviders().forEach(p -> taken.put("backend '" + p.name() + "'", p));
    builtIn.optimizerProviders().forEach((name, p) -> taken.put("optimizer '" + name + "'", p));
    List<Plugin> checked = new ArrayList<>();
    for (Plugin plugin : plugins) {
      Map<String, Object> claims = claims(plugin);
      Optional<String> clash = claims.keySet().stream().filter(taken::containsKey).findFirst();
      if (plugin.status().loaded() && clash.isPresent()) {
        checked.add(Plugin.skipped(plugin.source(), plugin.manifest(), PluginStatus.CLASHING, "its " + clash.get()
            + " is already provided by " + ProviderOrigin.describe(taken.get(clash.get()))
            + "; rename it or remove one of them"));
      } else {
        taken.putAll(claims);
        checked.add(plugin);
      }
    }
    return new PluginScan(folder, checked);
  }

  private static Map<String, Object> claims(Plugin plugin) {
    Map<String, Object> claims = new LinkedHashMap<>();
    plugin.layerProviders().forEach(p -> p.types().forEach(type -> claims.put("layer type '" + type + "'", p)));
    plugin.backendProviders().forEach(p -> claims.put("backend '" + p.name() + "'", p));
    plugin.optimizerProviders().forEach(p -> p.names().forEach(name -> claims.put("optimizer '" + name + "'", p)));
    return claims;
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
