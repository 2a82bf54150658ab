package dev.convoy.tck;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.BackendProvider;
import java.util.ServiceLoader;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every group of conformance checks shares: a fresh backend under test per test, the
 * {@code reference} backend as the oracle (found with {@link ServiceLoader}), and a way to run the
 * same computation on both and compare. Third parties do not extend this; they extend
 * {@link BackendConformanceTest}, which runs every group.
 */
abstract class ConformanceCase {
  /** Relative tolerance (to the largest expected magnitude) for results compared with the oracle. */
  static final double ORACLE_TOLERANCE = 1e-4;
  /** Relative tolerance for results compared with a definition computed in double in the TCK. */
  static final double DIRECT_TOLERANCE = 1e-4;

  protected Backend backend;
  private Backend oracle;

  /** The backend under test; a new one for every test. */
  protected abstract Backend newBackend();

  @BeforeEach
  final void openBackends() {
    backend = newBackend();
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

  /** The reference backend, or a skipped test (not a failure) when it is not on the module path. */
  protected final Backend oracle() {
    assumeTrue(oracle != null, "the 'reference' backend (module dev.convoy.backends.reference) is not on the"
        + " module or class path, so comparisons with the oracle are skipped; add it as a test dependency");
    return oracle;
  }

  /**
   * Runs {@code computation} on the backend under test and on the oracle, each in its own
   * {@link VolumeScope}, and asserts that the arrays it returns agree within {@link #ORACLE_TOLERANCE}.
   */
  protected final void assertMatchesOracle(String what, Function<VolumeScope, float[]> computation) {
    Backend reference = oracle();
    float[] expected;
    try (VolumeScope scope = new VolumeScope(reference)) {
      expected = computation.apply(scope);
    }
    float[] actual;
    try (VolumeScope scope = new VolumeScope(backend)) {
      actual = computation.apply(scope);
    }
    VolumeAssertions.assertClose(expected, actual, ORACLE_TOLERANCE, what + " (" + backend.name()
        + " vs reference)");
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
