package dev.convoy.runtime.plugins;

import dev.convoy.api.BackendProvider;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.LayerProvider;
import dev.convoy.api.OptimizerProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The layer, backend and optimizer providers of one plugin layer. {@code ServiceLoader.load(layer,
 * ...)} also walks the parent layers, so only providers whose module is in the plugin's own layer
 * are kept. Each is made and asked its names here, so a provider that throws is found at loading,
 * naming its plugin, and not in the middle of a training run.
 */
record PluginServices(List<LayerProvider> layers, List<BackendProvider> backends,
    List<OptimizerProvider> optimizers) {

  /**
   * The providers of {@code layer}.
   *
   * @throws ConvoyException naming the provider class that failed and how
   * @throws java.util.ServiceConfigurationError when a provider cannot be made
   */
  static PluginServices of(ModuleLayer layer) {
    List<LayerProvider> layers = own(layer, LayerProvider.class);
    for (LayerProvider p : layers) {
      probe(p, () -> {
        if (p.types() == null || p.types().isEmpty()) {
          throw new ConvoyException("types() names no layer type");
        }
        p.version();
      });
    }
    List<BackendProvider> backends = own(layer, BackendProvider.class);
    for (BackendProvider p : backends) {
      probe(p, () -> {
        if (p.name() == null || p.name().isBlank()) {
          throw new ConvoyException("name() is blank");
        }
        p.rank();
        p.version();
      });
    }
    List<OptimizerProvider> optimizers = own(layer, OptimizerProvider.class);
    for (OptimizerProvider p : optimizers) {
      probe(p, () -> {
        if (p.names() == null || p.names().isEmpty()) {
          throw new ConvoyException("names() names no optimizer");
        }
      });
    }
    return new PluginServices(layers, backends, optimizers);
  }

  boolean isEmpty() {
    return layers.isEmpty() && backends.isEmpty() && optimizers.isEmpty();
  }

  private static <S> List<S> own(ModuleLayer layer, Class<S> service) {
    List<S> found = new ArrayList<>();
    for (ServiceLoader.Provider<S> provider : ServiceLoader.load(layer, service).stream().toList()) {
      if (provider.type().getModule().getLayer() == layer) {
        found.add(provider.get());
      }
    }
    return found;
  }

  private static void probe(Object provider, Runnable check) {
    try {
      check.run();
    } catch (RuntimeException | LinkageError e) {
      throw new ConvoyException("provider " + provider.getClass().getName() + " failed: " + e, e);
    }
  }
}
