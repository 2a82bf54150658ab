package dev.convoy.runtime.plugins;

import dev.convoy.api.ConvoyException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Makes one plugin's {@link ModuleLayer} as Layrry does: every module in its jars is a root,
 * resolved against the parent layer (which holds {@code dev.convoy.api}) and defined to one new
 * class loader. Each plugin gets its own layer and loader, so two plugins may bundle different
 * versions of one library; a plugin's module may even share a name with one of Convoy's.
 */
final class PluginLayers {
  static final String API_MODULE = "dev.convoy.api";

  private PluginLayers() {}

  /**
   * The layer holding {@code jars}' modules.
   *
   * @throws ConvoyException when a jar bundles the api itself
   * @throws java.lang.module.FindException for an unreadable module or two modules of one name
   * @throws java.lang.module.ResolutionException for a missing dependency
   * @throws java.lang.LayerInstantiationException for packages split between modules
   */
  static ModuleLayer define(List<Path> jars, ModuleLayer parent, ClassLoader parentLoader) {
    ModuleFinder finder = ModuleFinder.of(jars.toArray(Path[]::new));
    Set<String> roots = new TreeSet<>();
    for (ModuleReference module : finder.findAll()) {
      roots.add(module.descriptor().name());
    }
    if (roots.isEmpty()) {
      throw new ConvoyException("it holds no module");
    }
    if (roots.contains(API_MODULE)) {
      throw new ConvoyException("it bundles its own " + API_MODULE + "; the api comes from Convoy, so depend on it "
          + "with <scope>provided</scope> and leave it out of the plugin");
    }
    Configuration configuration = parent.configuration().resolve(finder, ModuleFinder.of(), roots);
    return parent.defineModulesWithOneLoader(configuration, parentLoader);
  }
}
