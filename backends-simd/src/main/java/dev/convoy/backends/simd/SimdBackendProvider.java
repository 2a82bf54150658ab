package dev.convoy.backends.simd;

import dev.convoy.api.Backend;
import dev.convoy.api.BackendProvider;
import dev.convoy.api.ConvoyException;

/**
 * Provides the {@code simd} backend: Vector API kernels on every core. Ranked above the reference
 * backend, so it is the default wherever it can run; where it cannot (the JVM was started without
 * {@code --add-modules jdk.incubator.vector}, or has no useful vector width) it says why in
 * {@link #availability()} and the reference backend serves instead.
 */
public final class SimdBackendProvider implements BackendProvider {

  /** The name users select this backend by. */
  public static final String NAME = "simd";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int rank() {
    return 100;
  }

  @Override
  public String description() {
    return "Vector API kernels (blocked SGEMM, im2col convolution, pooling), all cores";
  }

  @Override
  public Availability availability() {
    Kernels kernels = KernelSelection.vectorKernels();
    return kernels == null
        ? Availability.no(KernelSelection.unavailableReason())
        : new Availability(true, kernels.description() + ", " + threads() + " threads");
  }

  @Override
  public Backend create() {
    Kernels kernels = KernelSelection.vectorKernels();
    if (kernels == null) {
      throw new ConvoyException("the simd backend cannot run here: " + KernelSelection.unavailableReason()
          + "; choose another backend, e.g. --backend reference");
    }
    return new SimdBackend(kernels, threads());
  }

  private static int threads() {
    return Runtime.getRuntime().availableProcessors();
  }
}
