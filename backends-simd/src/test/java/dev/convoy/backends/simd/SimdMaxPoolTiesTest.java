package dev.convoy.backends.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.convoy.api.Backend;
import dev.convoy.api.KernelResolver;
import dev.convoy.api.PoolGeometry;
import dev.convoy.api.PoolKind;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.PoolingKernels;
import dev.convoy.api.support.Rounding;
import dev.convoy.tck.PoolCases;
import dev.convoy.tck.TestLayerContext;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Max pooling where the conformance kit's distinct inputs never go: ties and NaN. The winner (and
 * so the switch that backward follows) must be the reference's, the first maximum or the first NaN
 * in reading order, on the 2x2 stride-2 fast path as on the general one; backward follows the
 * same switches, and switches from elsewhere are routed as recorded or refused as the reference does.
 */
class SimdMaxPoolTiesTest {
  private final Backend simd = new SimdBackendProvider().create();
  private final Backend reference = TestLayerContext.loadBackend("reference");

  @AfterEach
  void close() {
    simd.close();
    reference.close();
  }

  /** Values from a set of four, so windows tie often, with a NaN every 13th value. */
  private static float[] tiesAndNaN(int n) {
    SplittableRandom random = new SplittableRandom(5);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = i % 13 == 5 ? Float.NaN : new float[] {-1f, 0f, 0.5f, 0.5f}[random.nextInt(4)];
    }
    return x;
  }

  private static PoolingKernels pooling(Backend backend) {
    return KernelResolver.of(backend).family(PoolingKernels.class);
  }

  private static float[] run(Backend backend, PoolGeometry g, float[] x) {
    try (Volume in = backend.upload(g.inputShape(), x); Volume y = backend.allocate(g.outputShape());
        Volume switches = backend.allocate(g.outputShape())) {
      pooling(backend).forward(g, in, y, switches);
      float[] values = y.toArray();
      float[] sw = switches.toArray();
      float[] both = new float[values.length + sw.length];
      System.arraycopy(values, 0, both, 0, values.length);
      System.arraycopy(sw, 0, both, values.length, sw.length);
      return both;
    }
  }

  @Test
  void tiesAndNaNPickTheReferencesWinner() {
    for (PoolGeometry g : List.of(
        PoolCases.geometry(PoolKind.MAX, 3, 4, 12, 10, 2, 2, 2, 2, 0, 0, 0, 0, false, Rounding.EXACT),
        PoolCases.geometry(PoolKind.MAX, 2, 3, 11, 9, 2, 2, 2, 2, 0, 0, 0, 0, false, Rounding.FLOOR),
        PoolCases.geometry(PoolKind.MAX, 2, 3, 9, 9, 3, 3, 2, 2, 1, 1, 1, 1, false, Rounding.CEIL))) {
      float[] x = tiesAndNaN((int) g.inputShape().size());
      assertArrayEquals(run(reference, g, x), run(simd, g, x), "values and switches for " + g);
    }
  }

  private static float[] backward(Backend backend, PoolGeometry g, float[] x, float[] dy) {
    try (Volume in = backend.upload(g.inputShape(), x); Volume y = backend.allocate(g.outputShape());
        Volume switches = backend.allocate(g.outputShape()); Volume grad = backend.upload(g.outputShape(), dy);
        Volume dx = backend.allocate(g.inputShape())) {
      pooling(backend).forward(g, in, y, switches);
      backend.fill(dx, Float.NaN); // backward must overwrite every value, the odd row and column too
      pooling(backend).backward(g, in, y, grad, switches, dx);
      return dx.toArray();
    }
  }

  @Test
  void backwardFollowsTheReferencesWinners() {
    for (PoolGeometry g : List.of(
        PoolCases.geometry(PoolKind.MAX, 3, 4, 12, 10, 2, 2, 2, 2, 0, 0, 0, 0, false, Rounding.EXACT),
        PoolCases.geometry(PoolKind.MAX, 2, 3, 11, 9, 2, 2, 2, 2, 0, 0, 0, 0, false, Rounding.FLOOR),
        PoolCases.geometry(PoolKind.MAX, 2, 2, 40, 38, 2, 2, 2, 2, 0, 0, 0, 0, false, Rounding.FLOOR))) {
      float[] x = tiesAndNaN((int) g.inputShape().size());
      float[] dy = new dev.convoy.tck.TckRandom(3).uniform((int) g.outputShape().size());
      assertArrayEquals(backward(reference, g, x, dy), backward(simd, g, x, dy), "dx for " + g);
    }
  }

  @Test
  void backwardRoutesSwitchesOutsideTheirWindowAsRecordedAndRefusesNonIndexes() {
    PoolGeometry g = PoolCases.geometry(PoolKind.MAX, 1, 1, 4, 4, 2, 2, 2, 2, 0, 0, 0, 0, false, Rounding.EXACT);
    float[] foreign = {15, 0, 5, 10}; // window 0 names the last value of the plane, and so on
    float[] dy = {1, 2, 3, 4};
    for (Backend b : List.of(reference, simd)) {
      try (Volume x = b.allocate(g.inputShape()); Volume y = b.allocate(g.outputShape());
          Volume sw = b.upload(g.outputShape(), foreign); Volume grad = b.upload(g.outputShape(), dy);
          Volume dx = b.allocate(g.inputShape())) {
        pooling(b).backward(g, x, y, grad, sw, dx);
        float[] expected = new float[16];
        expected[15] = 1;
        expected[0] = 2;
        expected[5] = 3;
        expected[10] = 4;
        assertArrayEquals(expected, dx.toArray(), b.name() + " routes each gradient to its recorded switch");
        sw.write(new float[] {0, 1.5f, 2, 3});
        dev.convoy.api.ConvoyException e = org.junit.jupiter.api.Assertions.assertThrows(
            dev.convoy.api.ConvoyException.class, () -> pooling(b).backward(g, x, y, grad, sw, dx), b.name());
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("1.5"), e.getMessage());
      }
    }
  }
}
