package dev.convoy.runtime.plugins;

import dev.convoy.api.BackendProvider;
import dev.convoy.api.LayerProvider;
import dev.convoy.api.OptimizerProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One entry of a plugins folder after loading: where it came from, what it said about itself, what
 * became of it and, when it loaded, the providers of its own module layer (never its parent's).
 *
 * @param source the jar, or the folder of jars, in the plugins folder
 * @param manifest its {@value PluginManifest#FILE}, when it has one and it could be read
 * @param reason why it was skipped; empty when it loaded
 */
public record Plugin(Path source, Optional<PluginManifest> manifest, PluginStatus status, String reason,
    List<LayerProvider> layerProviders, List<BackendProvider> backendProviders,
    List<OptimizerProvider> optimizerProviders) {

  public Plugin {
    layerProviders = List.copyOf(layerProviders);
    backendProviders = List.copyOf(backendProviders);
    optimizerProviders = List.copyOf(optimizerProviders);
  }

  static Plugin skipped(Path source, Optional<PluginManifest> manifest, PluginStatus status, String reason) {
    return new Plugin(source, manifest, status, reason, List.of(), List.of(), List.of());
  }

  /** The manifest's name, else the file or folder name. */
  public String name() {
    return manifest.map(PluginManifest::name).orElse(fileName());
  }

  /** The manifest's version, else {@code unversioned}. */
  public String version() {
    return manifest.map(PluginManifest::version).orElse("unversioned");
  }

  /** The jar or folder name, e.g. {@code plugin-maxout-0.1.0.jar}. */
  public String fileName() {
    return source.getFileName().toString();
  }

  /** Every provider it contributes, layers first. */
  public List<Object> providers() {
    return java.util.stream.Stream.of(layerProviders, backendProviders, optimizerProviders)
        .<Object>flatMap(List::stream).toList();
  }

  /** One line for a log or a listing: {@code maxout 0.1.0 (plugin-maxout-0.1.0.jar): loaded}. */
  public String describe() {
    String what = manifest.map(m -> m + " (" + fileName() + ")").orElse(fileName());
    return switch (status) {
      case LOADED -> what + ": loaded, built for api " + manifest.orElseThrow().apiVersions();
      case UNVERSIONED -> what + ": loaded, unversioned (no " + PluginManifest.FILE + ")";
      case INCOMPATIBLE, BROKEN, CLASHING -> what + ": skipped, " + reason;
    };
  }
}
