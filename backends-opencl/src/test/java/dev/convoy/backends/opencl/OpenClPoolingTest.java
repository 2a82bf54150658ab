package dev.convoy.backends.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.PoolGeometry;
import dev.convoy.api.PoolKind;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.api.support.Rounding;
import dev.convoy.tck.DirectPool;
import dev.convoy.tck.PoolCases;
import dev.convoy.tck.TckRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the conformance kit (distinct values, small batches) does not reach: ties and NaN in a max
 * window, one input winning many overlapping windows, and ceil-mode windows over a batch spread
 * across many work-groups.
 */
class OpenClPoolingTest {
  private OpenClBackend backend;
  private OpenClPooling pool;

  @BeforeEach
  void open() {
    OpenClTestDevice.probe();
    backend = (OpenClBackend) new OpenClBackendProvider().create();
    pool = new OpenClPooling(backend);
  }

  @AfterEach
  void close() {
    if (backend != null) {
      backend.close();
    }
  }

  private static PoolGeometry twoByTwo(PoolKind kind) {
    return PoolCases.geometry(kind, 1, 1, 2, 4, 2, 2, 2, 2, 0, 0, 0, 0, false, Rounding.EXACT);
  }

  @Test
  void theFirstMaximumWinsTiesAndTheFirstNaNWinsAndPropagates() {
    PoolGeometry g = twoByTwo(PoolKind.MAX);
    float nan = Float.NaN;
    float[][] inputs = {{1, 1, 0, 1, 1, 1, 1, 1}, {1, nan, 5, 2, nan, 3, 7, nan}};
    float[][] expectedY = {{1, 1}, {nan, nan}};
    float[][] expectedSwitches = {{0, 3}, {1, 7}};
    for (int c = 0; c < inputs.length; c++) {
      try (Volume x = backend.upload(g.inputShape(), inputs[c]);
          Volume y = backend.allocate(g.outputShape());
          Volume switches = backend.allocate(g.outputShape())) {
        pool.forward(g, x, y, switches);
        assertArrayEquals(expectedY[c], y.toArray(), "y, case " + c);
        assertArrayEquals(expectedSwitches[c], switches.toArray(), "switches, case " + c);
      }
    }
  }

  @Test
  void anInputWinningEveryOverlappingWindowGathersTheirGradientsInOutputOrder() {
    PoolGeometry g = PoolCases.geometry(PoolKind.MAX, 1, 1, 5, 5, 3, 3, 1, 1, 0, 0, 0, 0, false, Rounding.EXACT);
    float[] x = new TckRandom(5).uniform(25);
    x[12] = 100f; // the centre lies in all nine windows
    float[] dy = new TckRandom(6).uniform(9);
    float[] expected = new float[25];
    for (float grad : dy) {
      expected[12] += grad;
    }
    try (Volume xv = backend.upload(g.inputShape(), x);
        Volume y = backend.allocate(g.outputShape());
        Volume switches = backend.allocate(g.outputShape());
        Volume dx = backend.allocate(g.inputShape())) {
      backend.fill(dx, Float.NaN);
      pool.forward(g, xv, y, switches);
      try (Volume dyv = backend.upload(Shape.nchw(1, 1, 3, 3), dy)) {
        pool.backward(g, xv, y, dyv, switches, dx);
      }
      assertArrayEquals(expected, dx.toArray(), "the sum in the reference's order, bit for bit");
    }
  }

  @Test
  void ceilModeWindowsOverAManyPlaneBatchMatchTheDefinition() {
    for (PoolKind kind : PoolKind.values()) {
      for (boolean countIncludePad : new boolean[] {false, true}) {
        PoolGeometry g = PoolCases.geometry(kind, 8, 16, 13, 11, 3, 2, 2, 2, 1, 0, 1, 1, countIncludePad,
            Rounding.CEIL);
        TckRandom random = new TckRandom(9);
        float[] x = random.distinct(g.inputShape().intSize());
        float[] dy = random.uniform(g.outputShape().intSize());
        try (Volume xv = backend.upload(g.inputShape(), x);
            Volume y = backend.allocate(g.outputShape());
            Volume switches = backend.allocate(g.outputShape());
            Volume dyv = backend.upload(g.outputShape(), dy);
            Volume dx = backend.allocate(g.inputShape())) {
          pool.forward(g, xv, y, switches);
          pool.backward(g, xv, y, dyv, switches, dx);
          String what = kind + (countIncludePad ? " incl. pad" : "") + " ceil mode";
          assertClose(DirectPool.forward(g, x), y.toArray(), what + " forward");
          assertClose(DirectPool.backward(g, x, dy), dx.toArray(), what + " backward");
        }
      }
    }
  }

  private static void assertClose(double[] expected, float[] actual, String what) {
    double largest = 1e-3;
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      largest = Math.max(largest, Math.abs(expected[i]));
      worst = Float.isNaN(actual[i]) ? Double.NaN : Math.max(worst, Math.abs(expected[i] - actual[i]));
    }
    assertTrue(worst <= 1e-5 * largest, what + ": off by " + worst + " of " + largest);
  }
}
