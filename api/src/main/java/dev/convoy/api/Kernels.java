package dev.convoy.api;

/**
 * The kernels of one backend, family by family: the backend's own where it has them
 * ({@link Backend#nativeFamily}), else the host fallback, which is slower on a device backend and
 * is logged once. Layers get one through {@link LayerContext}; optimizers through {@link Optimizer#step}.
 */
public interface Kernels {

  /** The backend these kernels run on: storage and the core kernels. */
  Backend backend();

  /**
   * The implementation of {@code family} to call.
   *
   * @throws ConvoyException when the backend lacks it and no fallback is on the module path
   */
  <F extends KernelFamily> F family(Class<F> family);
}
