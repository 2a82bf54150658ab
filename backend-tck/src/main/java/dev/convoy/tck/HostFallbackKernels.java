package dev.convoy.tck;

import dev.convoy.api.Backend;
import dev.convoy.api.HostFallback;
import dev.convoy.api.KernelFamily;
import dev.convoy.api.Kernels;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Assumptions;

/**
 * Kernels of one backend that always take the host fallback, even for families the backend has
 * itself: how the kit checks that the fallback works on this backend's volumes. The fallbacks are
 * found once with {@link ServiceLoader}; a family none of them offers skips the test.
 */
final class HostFallbackKernels implements Kernels {
  private static List<HostFallback> found;

  private final Backend backend;

  HostFallbackKernels(Backend backend) {
    this.backend = backend;
  }

  /** The host fallbacks on the module or class path (the reference backend provides one). */
  static synchronized List<HostFallback> fallbacks() {
    if (found == null) {
      found = ServiceLoader.load(HostFallback.class).stream().map(ServiceLoader.Provider::get).toList();
    }
    return found;
  }

  @Override
  public Backend backend() {
    return backend;
  }

  @Override
  public <F extends KernelFamily> F family(Class<F> family) {
    for (HostFallback fallback : fallbacks()) {
      Optional<F> host = fallback.family(family, backend);
      if (host.isPresent()) {
        return host.get();
      }
    }
    return Assumptions.abort("no host fallback on the module or class path offers " + family.getSimpleName()
        + " (the reference backend, module dev.convoy.backends.reference, provides one); add it as a test dependency");
  }
}
