package dev.convoy.runtime;

import dev.convoy.api.BackendProvider;
import dev.convoy.api.ConvoyException;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Chooses the backend as DJL chooses its engine: {@code --backend NAME}, else the system property
 * {@code convoy.backend}, else the environment variable {@code CONVOY_BACKEND}, else the available
 * provider with the highest rank. A name nobody provides fails listing the known ones; a known but
 * unavailable one fails saying why. A name may carry options after its first ':' ({@code
 * opencl:0:1}): the part before selects the provider, the rest goes to {@link
 * BackendProvider#create(String)}.
 */
public final class BackendSelector {
  public static final String PROPERTY = "convoy.backend";
  public static final String ENVIRONMENT = "CONVOY_BACKEND";

  private final ProviderRegistry registry;
  private final UnaryOperator<String> systemProperties;
  private final UnaryOperator<String> environment;

  public BackendSelector(ProviderRegistry registry) {
    this(registry, System::getProperty, System::getenv);
  }

  /** With explicit property and environment lookups, so that tests need not change the process's. */
  public BackendSelector(ProviderRegistry registry, UnaryOperator<String> systemProperties,
      UnaryOperator<String> environment) {
    this.registry = registry;
    this.systemProperties = systemProperties;
    this.environment = environment;
  }

  /** The choice for an optional {@code --backend} value (null or blank when not given). */
  public BackendChoice select(String requested) {
    if (isSet(requested)) {
      return named(requested.trim(), "--backend", "chosen by --backend " + requested.trim());
    }
    String property = systemProperties.apply(PROPERTY);
    if (isSet(property)) {
      return named(property.trim(), "-D" + PROPERTY, "chosen by system property " + PROPERTY + "=" + property.trim());
    }
    String variable = environment.apply(ENVIRONMENT);
    if (isSet(variable)) {
      return named(variable.trim(), ENVIRONMENT, "chosen by environment " + ENVIRONMENT + "=" + variable.trim());
    }
    return best();
  }

  private BackendChoice named(String selected, String source, String reason) {
    int colon = selected.indexOf(':');
    String name = colon < 0 ? selected : selected.substring(0, colon);
    String options = colon < 0 ? "" : selected.substring(colon + 1);
    for (BackendProvider provider : registry.backendProviders()) {
      if (provider.name().equals(name)) {
        BackendProvider.Availability availability = provider.availability();
        if (!availability.available()) {
          throw new ConvoyException("Backend '" + name + "' (" + source + ") is not available here: "
              + availability.reason() + ". Available: " + names(available()));
        }
        return new BackendChoice(provider, options, source, reason);
      }
    }
    throw new ConvoyException("Unknown backend '" + name + "' (" + source + "). Known backends: "
        + names(registry.backendProviders()));
  }

  private BackendChoice best() {
    List<BackendProvider> candidates = available();
    if (candidates.isEmpty()) {
      throw new ConvoyException("No backend is available. Found: " + names(registry.backendProviders())
          + ". Put backends-reference on the module path.");
    }
    BackendProvider winner = candidates.getFirst();
    return new BackendChoice(winner, "best available",
        "best available: highest rank " + winner.rank() + " of " + names(candidates));
  }

  private List<BackendProvider> available() {
    return registry.backendProviders().stream().filter(p -> p.availability().available()).toList();
  }

  private static String names(List<BackendProvider> providers) {
    return providers.isEmpty() ? "none" : providers.stream().map(BackendProvider::name).collect(Collectors.joining(", "));
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }
}
