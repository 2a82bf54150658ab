package dev.convoy.runtime;

import dev.convoy.api.BackendProvider;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.LayerProvider;
import dev.convoy.api.OptimizerProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Every layer, backend and optimizer provider found with {@link ServiceLoader}, indexed by name.
 * Nothing but this class and the CLI knows which providers exist: a layer family or a backend is
 * added by putting its jar on the module path.
 *
 * <p>Loading fails when two providers claim the same layer type, backend name or optimizer name,
 * naming both modules, because silently picking one would make results depend on jar order.
 * Immutable after loading; safe to share between threads.
 */
public final class ProviderRegistry {
  private final Map<String, LayerProvider> layers;
  private final List<BackendProvider> backends;
  private final Map<String, OptimizerProvider> optimizers;

  private ProviderRegistry(List<LayerProvider> layerProviders, List<BackendProvider> backendProviders,
      List<OptimizerProvider> optimizerProviders) {
    this.layers = indexLayers(layerProviders);
    this.backends = checkBackends(backendProviders);
    this.optimizers = indexOptimizers(optimizerProviders);
  }

  /** The providers visible to this module: the module path (or class path) the application runs on. */
  public static ProviderRegistry load() {
    return of(
        ServiceLoader.load(LayerProvider.class).stream().map(ServiceLoader.Provider::get).toList(),
        ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get).toList(),
        ServiceLoader.load(OptimizerProvider.class).stream().map(ServiceLoader.Provider::get).toList());
  }

  /** A registry of exactly these providers, e.g. for tests or after plugin loading. */
  public static ProviderRegistry of(List<LayerProvider> layers, List<BackendProvider> backends,
      List<OptimizerProvider> optimizers) {
    return new ProviderRegistry(layers, backends, optimizers);
  }

  /** The provider of layer type {@code type}, or an error listing every known type. */
  public LayerProvider layerProvider(String type) {
    LayerProvider provider = layers.get(type);
    if (provider == null) {
      throw new ConvoyException("Unknown layer type: " + type + " (known types: " + String.join(", ", layers.keySet())
          + "). A plugin that provides it goes in the plugins folder.");
    }
    return provider;
  }

  /** Every known layer type, sorted, with its provider. */
  public Map<String, LayerProvider> layerProviders() {
    return layers;
  }

  /** Every backend provider, highest rank first. */
  public List<BackendProvider> backendProviders() {
    return backends;
  }

  /** The optimizer provider that answers to {@code name}, or an error listing the known names. */
  public OptimizerProvider optimizerProvider(String name) {
    OptimizerProvider provider = optimizers.get(name);
    if (provider == null) {
      throw new ConvoyException("Unknown optimizer: " + name + " (known: " + String.join(", ", optimizers.keySet()) + ")");
    }
    return provider;
  }

  public Map<String, OptimizerProvider> optimizerProviders() {
    return optimizers;
  }

  private static Map<String, LayerProvider> indexLayers(List<LayerProvider> providers) {
    Map<String, LayerProvider> index = new TreeMap<>();
    for (LayerProvider provider : providers) {
      for (String type : provider.types()) {
        LayerProvider previous = index.putIfAbsent(type, provider);
        if (previous != null) {
          throw duplicate("layer type", type, previous, provider);
        }
      }
    }
    return Collections.unmodifiableMap(index);
  }

  private static List<BackendProvider> checkBackends(List<BackendProvider> providers) {
    Map<String, BackendProvider> byName = new TreeMap<>();
    for (BackendProvider provider : providers) {
      BackendProvider previous = byName.putIfAbsent(provider.name(), provider);
      if (previous != null) {
        throw duplicate("backend", provider.name(), previous, provider);
      }
    }
    List<BackendProvider> sorted = new ArrayList<>(providers);
    sorted.sort(Comparator.comparingInt(BackendProvider::rank).reversed().thenComparing(BackendProvider::name));
    return List.copyOf(sorted);
  }

  private static Map<String, OptimizerProvider> indexOptimizers(List<OptimizerProvider> providers) {
    Map<String, OptimizerProvider> index = new TreeMap<>();
    for (OptimizerProvider provider : providers) {
      for (String name : provider.names()) {
        OptimizerProvider previous = index.putIfAbsent(name, provider);
        if (previous != null) {
          throw duplicate("optimizer", name, previous, provider);
        }
      }
    }
    return Collections.unmodifiableMap(index);
  }

  private static ConvoyException duplicate(String kind, String name, Object first, Object second) {
    return new ConvoyException("Duplicate " + kind + " '" + name + "': provided by both " + ProviderOrigin.describe(first)
        + " and " + ProviderOrigin.describe(second) + "; remove one of them from the module path or plugins folder");
  }
}
