package dev.convoy.api;

import java.util.Optional;

/**
 * Runs a kernel family for a backend that does not implement it: the reference backend provides
 * one that computes on host copies of the volumes and writes back what changed. Registered with
 * {@code provides dev.convoy.api.HostFallback with ...}; the runtime and the conformance kit find
 * it with {@link java.util.ServiceLoader}.
 */
public interface HostFallback {

  /** {@code family} for {@code backend}'s volumes, or empty when this fallback does not know it. */
  <F extends KernelFamily> Optional<F> family(Class<F> family, Backend backend);
}
