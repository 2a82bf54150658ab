package dev.convoy.backends.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.convoy.api.Backend;
import dev.convoy.api.PoolGeometry;
import dev.convoy.api.PoolKind;
import dev.convoy.api.Volume;
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
 * in reading order, on the 2x2 stride-2 fast path as on the general one.
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

  private static float[] run(Backend backend, PoolGeometry g, float[] x) {
    try (Volume in = backend.upload(g.inputShape(), x); Volume y = backend.allocate(g.outputShape());
        Volume switches = backend.allocate(g.outputShape())) {
      backend.poolForward(g, in, y, switches);
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
}
