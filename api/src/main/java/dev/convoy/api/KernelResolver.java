package dev.convoy.api;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The usual {@link Kernels}: a backend's own family where it has one, else the first {@link
 * HostFallback} that knows it. Each family is resolved once per resolver; a fallback is logged once
 * per backend and family in the process (logger {@code dev.convoy.kernels}, level INFO), so a
 * device backend that forgot a family is visible, not silently slow.
 */
public final class KernelResolver implements Kernels {
  private static final System.Logger LOG = System.getLogger("dev.convoy.kernels");
  private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

  private final Backend backend;
  private final Iterable<HostFallback> fallbacks;
  private final Map<Class<?>, KernelFamily> resolved = new ConcurrentHashMap<>();

  private KernelResolver(Backend backend, Iterable<HostFallback> fallbacks) {
    this.backend = backend;
    this.fallbacks = fallbacks;
  }

  /** Kernels for {@code backend} with the fallbacks given (the runtime passes those it found). */
  public static KernelResolver of(Backend backend, Iterable<HostFallback> fallbacks) {
    return new KernelResolver(backend, fallbacks);
  }

  /** Kernels for {@code backend} with the fallbacks {@link ServiceLoader} finds from this module. */
  public static KernelResolver of(Backend backend) {
    return new KernelResolver(backend, ServiceLoader.load(HostFallback.class).stream().map(ServiceLoader.Provider::get)
        .toList());
  }

  @Override
  public Backend backend() {
    return backend;
  }

  /** Whether {@code family} runs as the backend's own kernels (true) or through a fallback. */
  public boolean isNative(Class<? extends KernelFamily> family) {
    return backend.nativeFamily(family).isPresent();
  }

  @Override
  public <F extends KernelFamily> F family(Class<F> family) {
    return family.cast(resolved.computeIfAbsent(family, f -> resolve(family)));
  }

  private <F extends KernelFamily> F resolve(Class<F> family) {
    Optional<F> own = backend.nativeFamily(family);
    if (own.isPresent()) {
      return own.get();
    }
    for (HostFallback fallback : fallbacks) {
      Optional<F> host = fallback.family(family, backend);
      if (host.isPresent()) {
        if (LOGGED.add(backend.name() + " " + family.getName())) {
          LOG.log(System.Logger.Level.INFO, "backend ''{0}'' has no {1} of its own; running them on the host"
              + " through the reference backend''s kernels", backend.name(), family.getSimpleName());
        }
        return host.get();
      }
    }
    throw new ConvoyException("backend '" + backend.name() + "' has no " + family.getSimpleName()
        + " of its own, and no host fallback is on the module path to run them (the reference backend,"
        + " module dev.convoy.backends.reference, provides one)");
  }
}
