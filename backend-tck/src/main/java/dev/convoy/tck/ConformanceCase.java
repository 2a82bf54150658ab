package dev.convoy.tck;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.BackendProvider;
import dev.convoy.api.KernelFamily;
import dev.convoy.api.KernelResolver;
import dev.convoy.api.Kernels;
import java.util.ServiceLoader;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every group of conformance checks shares: a fresh backend under test per test, its kernel
 * families through {@link KernelResolver#of(Backend)} (its own where it has them, else the host
 * fallback), the {@code reference} backend as the oracle (found with {@link ServiceLoader}), and a
 * way to run the same computation on both and compare. Third parties do not extend this; they
 * extend {@link BackendConformanceTest}, which runs every group.
 */
abstract class ConformanceCase {
  /** Relative tolerance (to the largest expected magnitude) for results compared with the oracle. */
  static final double ORACLE_TOLERANCE = 1e-4;
  /** Relative tolerance for results compared with a definition computed in double in the TCK. */
  static final double DIRECT_TOLERANCE = 1e-4;

  protected Backend backend;
  private Kernels kernels;
  private Backend oracle;

  /** The backend under test; a new one for every test. */
  protected abstract Backend newBackend();

  @BeforeEach
  final void openBackends() {
    backend = newBackend();
    kernels = new SkippingKernels(KernelResolver.of(backend));
    oracle = findOracle();
  }

  @AfterEach
  final void closeBackends() {
    if (backend != null) {
      backend.close();
    }
    if (oracle != null) {
      oracle.close();
    }
  }

  /**
   * Family {@code family} of the backend under test, as layers reach it: the backend's own, else
   * the host fallback; the test is skipped when it has neither.
   */
  protected final <F extends KernelFamily> F family(Class<F> family) {
    return kernels.family(family);
  }

  /** A scope on the backend under test whose families are those of {@link #family}. */
  protected final VolumeScope scope() {
    return new VolumeScope(kernels);
  }

  /** The reference backend, or a skipped test (not a failure) when it is not on the module path. */
  protected final Backend oracle() {
    assumeTrue(oracle != null, "the 'reference' backend (module dev.convoy.backends.reference) is not on the"
        + " module or class path, so comparisons with the oracle are skipped; add it as a test dependency");
    return oracle;
  }

  /**
   * Runs {@code computation} on the backend under test and on the oracle, each in its own
   * {@link VolumeScope}, and asserts that the arrays it returns agree within {@link #ORACLE_TOLERANCE}.
   * The backend's side runs twice: with its families as {@link #family} resolves them (its own
   * kernels where it has them), and with every family through the host fallback on its volumes,
   * so both paths a layer may take are checked. The second run is skipped without a fallback.
   */
  protected final void assertMatchesOracle(String what, Function<VolumeScope, float[]> computation) {
    Backend reference = oracle();
    float[] expected;
    try (VolumeScope scope = new VolumeScope(KernelResolver.of(reference))) {
      expected = computation.apply(scope);
    }
    float[] actual;
    try (VolumeScope scope = scope()) {
      actual = computation.apply(scope);
    }
    VolumeAssertions.assertClose(expected, actual, ORACLE_TOLERANCE, what + " (" + backend.name()
        + " vs reference)");
    if (HostFallbackKernels.fallbacks().isEmpty()) {
      return;
    }
    float[] throughFallback;
    try (VolumeScope scope = new VolumeScope(new HostFallbackKernels(backend))) {
      throughFallback = computation.apply(scope);
    }
    VolumeAssertions.assertClose(expected, throughFallback, ORACLE_TOLERANCE, what + " (" + backend.name()
        + " with every family through the host fallback vs reference)");
  }

  /** Concatenates arrays, so one comparison can cover several outputs of a computation. */
  protected static float[] concat(float[]... parts) {
    int total = 0;
    for (float[] p : parts) {
      total += p.length;
    }
    float[] all = new float[total];
    int at = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }

  /** The dot product in double, for adjoint identities. */
  protected static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (double) a[i] * b[i];
    }
    return sum;
  }

  /** Sum of |a_i * b_i|: the scale that rounding errors in {@link #dot} are relative to. */
  protected static double absDot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += Math.abs((double) a[i] * b[i]);
    }
    return sum;
  }

  private static Backend findOracle() {
    for (BackendProvider provider : ServiceLoader.load(BackendProvider.class)) {
      if (provider.name().equals("reference")) {
        return provider.create();
      }
    }
    return null;
  }
}
