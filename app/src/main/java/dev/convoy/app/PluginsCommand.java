package dev.convoy.app;

import dev.convoy.api.BackendProvider;
import dev.convoy.api.LayerProvider;
import dev.convoy.api.OptimizerProvider;
import dev.convoy.runtime.ProviderOrigin;
import dev.convoy.runtime.ProviderRegistry;
import dev.convoy.runtime.plugins.Plugin;
import dev.convoy.runtime.plugins.PluginLoader;
import dev.convoy.runtime.plugins.PluginManifest;
import dev.convoy.runtime.plugins.PluginScan;
import dev.convoy.runtime.plugins.PluginsFolder;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code convoy plugins}: every provider found, built-in and from the plugins folder, with its kind,
 * names, version, module, jar and status; then each plugin that was skipped and why.
 */
@Command(
    name = "plugins",
    description = {
      "Lists every layer, backend and optimizer provider found: those built in (on the module path) and those of the "
          + "plugins folder, with kind, type names, version, module, source jar and status.",
      "Each jar in the plugins folder is one plugin, and each sub-folder one plugin made of the jars in it; each "
          + "gets its own module layer. A plugin that cannot load is listed as skipped, with the reason."
    })
final class PluginsCommand implements Callable<Integer> {
  private static final String BUILT_IN = "built-in";

  @Spec
  private CommandSpec spec;

  @Mixin
  private PluginsOption plugins;

  private final CliEnvironment environment;

  PluginsCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ProviderRegistry builtIn = environment.registry();
    Optional<PluginsFolder> folder = plugins.folder(environment);
    Optional<PluginScan> scan = folder.map(f -> PluginLoader.forHost().load(f.path()).withoutClashes(builtIn));

    TablePrinter table = new TablePrinter("KIND", "TYPES", "VERSION", "MODULE", "SOURCE", "STATUS");
    for (LayerProvider p : distinct(builtIn.layerProviders().values())) {
      table.row("layer", names(p.types()), p.version(), ProviderOrigin.module(p), ProviderOrigin.source(p), BUILT_IN);
    }
    for (BackendProvider p : builtIn.backendProviders()) {
      table.row("backend", p.name(), p.version(), ProviderOrigin.module(p), ProviderOrigin.source(p), BUILT_IN);
    }
    for (OptimizerProvider p : distinct(builtIn.optimizerProviders().values())) {
      table.row("optimizer", names(p.names()), moduleVersion(p), ProviderOrigin.module(p), ProviderOrigin.source(p),
          BUILT_IN);
    }
    scan.ifPresent(s -> s.plugins().forEach(plugin -> addRows(table, plugin)));
    table.print(out);
    out.println();
    out.println(folder.map(f -> summary(f, scan.orElseThrow())).orElse("No plugins folder: name one with --plugins "
        + "DIR, -D" + PluginsFolder.PROPERTY + "=DIR or " + PluginsFolder.ENVIRONMENT + "=DIR."));
    out.flush();
    // Two providers of one name fail here (exit 2), after the table has shown both.
    scan.ifPresent(s -> s.registry(builtIn));
    return 0;
  }

  private static void addRows(TablePrinter table, Plugin plugin) {
    if (!plugin.status().loaded()) {
      table.row("plugin", "-", plugin.manifest().map(PluginManifest::version).orElse("-"), "-", plugin.fileName(),
          plugin.status().name().toLowerCase(java.util.Locale.ROOT) + ": " + plugin.reason());
      return;
    }
    String status = plugin.manifest().map(m -> "loaded: plugin " + m + " for api " + m.apiVersions())
        .orElse("loaded: unversioned (no " + PluginManifest.FILE + ")");
    for (LayerProvider p : plugin.layerProviders()) {
      table.row("layer", names(p.types()), p.version(), ProviderOrigin.module(p), source(plugin, p), status);
    }
    for (BackendProvider p : plugin.backendProviders()) {
      table.row("backend", p.name(), p.version(), ProviderOrigin.module(p), source(plugin, p), status);
    }
    for (OptimizerProvider p : plugin.optimizerProviders()) {
      table.row("optimizer", names(p.names()), moduleVersion(p), ProviderOrigin.module(p), source(plugin, p), status);
    }
  }

  /** The jar, under its plugin's folder for a plugin with dependencies: {@code tool/tool-1.0.jar}. */
  private static String source(Plugin plugin, Object provider) {
    return Files.isDirectory(plugin.source()) ? plugin.fileName() + "/" + ProviderOrigin.source(provider)
        : ProviderOrigin.source(provider);
  }

  private static String summary(PluginsFolder folder, PluginScan scan) {
    return "Plugins folder " + folder + ": " + scan.loaded().size() + " loaded, " + scan.skipped().size() + " skipped";
  }

  private static String names(Set<String> names) {
    return String.join(", ", new TreeSet<>(names));
  }

  /** OptimizerProvider has no version(); its module's version says the same. */
  private static String moduleVersion(Object provider) {
    Module module = provider.getClass().getModule();
    return module.getDescriptor() == null ? "unversioned" : module.getDescriptor().rawVersion().orElse("unversioned");
  }

  /** One provider answers to several names; list it once. */
  private static <T> List<T> distinct(Collection<T> providers) {
    Set<T> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    return providers.stream().filter(seen::add).toList();
  }
}
