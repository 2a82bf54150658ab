package dev.convoy.backends.reference;

import dev.convoy.api.Backend;
import dev.convoy.api.HostFallback;
import dev.convoy.api.KernelFamily;
import java.lang.reflect.Proxy;
import java.util.Objects;
import java.util.Optional;

/**
 * The host fallback: any backend gets every family the reference backend implements, run by the
 * reference kernels. Each call maps the backend's volumes to reference volumes ({@link
 * HostFamilyCall}): array-backed volumes as zero-copy views, so a CPU backend pays nothing, others
 * as copies whose changed values are written back. Registered as the {@link HostFallback} service;
 * {@code KernelResolver} uses it for what a backend's {@code nativeFamily} does not offer.
 */
public final class ReferenceHostFallback implements HostFallback {
  private volatile ReferenceBackend reference;

  /** The service constructor; the reference backend is made on first use. */
  public ReferenceHostFallback() {}

  @Override
  public <F extends KernelFamily> Optional<F> family(Class<F> family, Backend backend) {
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(backend, "backend");
    ReferenceBackend host = reference();
    return host.nativeFamily(family).map(kernels -> family.cast(Proxy.newProxyInstance(family.getClassLoader(),
        new Class<?>[] {family}, new HostFamilyCall(family, kernels, backend, host))));
  }

  /** One reference backend per fallback, made lazily; it holds nothing, so it is never closed. */
  private ReferenceBackend reference() {
    ReferenceBackend made = reference;
    if (made == null) {
      synchronized (this) {
        made = reference;
        if (made == null) {
          made = new ReferenceBackend();
          reference = made;
        }
      }
    }
    return made;
  }

  @Override
  public String toString() {
    return "ReferenceHostFallback";
  }
}
