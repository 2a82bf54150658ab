package dev.convoy.runtime.plugins;

import dev.convoy.api.ApiVersion;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.LayerProvider;
import java.io.IOException;
import java.lang.module.ResolutionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.stream.Stream;

/**
 * Loads a plugins folder: every {@code *.jar} in it is one plugin, and every sub-folder is one
 * plugin made of the jars inside it (the plugin and the libraries it needs). Each plugin goes into
 * its own {@link ModuleLayer} whose parent is the layer holding {@code dev.convoy.api}.
 *
 * <p>For each plugin, in file-name order: its manifest is read before any of its code runs; a
 * plugin built for other api versions is skipped as {@link PluginStatus#INCOMPATIBLE}; then its
 * layer is made and its providers found and probed. Anything that goes wrong (a corrupt jar, a
 * missing dependency, a provider that throws) skips that plugin as {@link PluginStatus#BROKEN} with
 * the reason, and the rest still load. Other files (a README) are ignored.
 *
 * <pre>{@code
 * PluginScan scan = PluginLoader.forHost().load(Path.of("plugins"));
 * scan.skipped().forEach(p -> log(p.describe()));
 * ProviderRegistry registry = scan.registry(ProviderRegistry.load());
 * }</pre>
 */
public final class PluginLoader {
  private final ModuleLayer parent;
  private final ClassLoader parentLoader;
  private final String apiVersion;

  /** Loads plugins as children of {@code parent}, which must hold {@code dev.convoy.api}, for api {@code apiVersion}. */
  public PluginLoader(ModuleLayer parent, ClassLoader parentLoader, String apiVersion) {
    this.parent = parent;
    this.parentLoader = parentLoader;
    this.apiVersion = apiVersion;
  }

  /**
   * A loader for this Convoy: parent layer the one holding the api, and its api version.
   *
   * @throws ConvoyException when the api is not in a named module (Convoy was started on the class
   *     path, where module layers cannot reach it)
   */
  public static PluginLoader forHost() {
    Module api = LayerProvider.class.getModule();
    if (!api.isNamed() || api.getLayer() == null) {
      throw new ConvoyException("plugins need Convoy on the module path (java --module-path ...), as the convoy "
          + "launcher starts it; on the class path they cannot be loaded into their own module layers");
    }
    return new PluginLoader(api.getLayer(), PluginLoader.class.getClassLoader(), ApiVersion.current());
  }

  /** Loads every plugin in {@code folder}; fails only when the folder itself cannot be listed. */
  public PluginScan load(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new ConvoyException("the plugins folder " + folder + " does not exist or is not a folder");
    }
    List<Plugin> plugins = new ArrayList<>();
    for (Path entry : list(folder)) {
      if (Files.isDirectory(entry) || isJar(entry)) {
        plugins.add(loadOne(entry));
      }
    }
    return new PluginScan(folder, plugins);
  }

  /** One plugin: a jar, or a folder of jars. Never throws for a bad plugin; says why it was skipped. */
  public Plugin loadOne(Path source) {
    Optional<PluginManifest> manifest = Optional.empty();
    try {
      List<Path> jars = Files.isDirectory(source) ? list(source).stream().filter(PluginLoader::isJar).toList()
          : List.of(source);
      if (jars.isEmpty()) {
        return Plugin.skipped(source, manifest, PluginStatus.BROKEN, "the folder holds no jar");
      }
      manifest = PluginManifest.find(jars);
      if (manifest.isPresent() && !manifest.get().apiVersions().includes(apiVersion)) {
        return Plugin.skipped(source, manifest, PluginStatus.INCOMPATIBLE, "built for api "
            + manifest.get().apiVersions() + " but this Convoy has api " + apiVersion);
      }
      PluginServices services = PluginServices.of(PluginLayers.define(jars, parent, parentLoader));
      if (services.isEmpty()) {
        return Plugin.skipped(source, manifest, PluginStatus.BROKEN, "it provides no LayerProvider, BackendProvider"
            + " or OptimizerProvider (declare one with 'provides dev.convoy.api.LayerProvider with ...' in its "
            + "module-info.java)");
      }
      return new Plugin(source, manifest, manifest.isPresent() ? PluginStatus.LOADED : PluginStatus.UNVERSIONED, "",
          services.layers(), services.backends(), services.optimizers());
    } catch (RuntimeException | ServiceConfigurationError | LinkageError e) {
      return Plugin.skipped(source, manifest, PluginStatus.BROKEN, reason(e));
    }
  }

  /** The exception's message, with its first cause when that says more (a provider's constructor throwing). */
  static String reason(Throwable e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    if (e instanceof ConvoyException) {
      return message;
    }
    if (e instanceof ResolutionException) {
      return "a module it needs is missing: " + message + " (a plugin with dependencies is a folder holding its jar"
          + " and theirs)";
    }
    Throwable cause = e.getCause();
    if (cause != null && cause != e && (cause.getMessage() == null || !message.contains(cause.getMessage()))) {
      message += ": " + cause;
    }
    return e instanceof ServiceConfigurationError || e instanceof LinkageError ? e.getClass().getSimpleName() + ": "
        + message : message;
  }

  private static boolean isJar(Path path) {
    return Files.isRegularFile(path) && path.getFileName().toString().endsWith(".jar");
  }

  private static List<Path> list(Path folder) {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    } catch (IOException e) {
      throw new ConvoyException("cannot list the folder " + folder + ": " + e, e);
    }
  }
}
