package dev.convoy.layers.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convoy.api.Backend;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.tck.TckRandom;
import dev.convoy.tck.TestLayerContext;
import dev.convoy.tck.VolumeAssertions;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pooling values worked out by hand, inference without switches, and batch-size changes. */
class PoolForwardTest {
  private final Backend backend = TestLayerContext.loadBackend("reference");

  private float[] run(Shape input, LayerSpec spec, float[] values) {
    Layer layer = new PoolLayerProvider().create("pool", spec, List.of(input));
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer);
        Volume x = backend.upload(input, values);
        Volume y = layer.forward(ctx, List.of(x))) {
      assertEquals(layer.outputShape(), y.shape());
      return y.toArray();
    }
  }

  @Test
  void averageOfOnesWithPaddingCountsOnlyRealValuesByDefault() {
    float[] ones = new float[16];
    Arrays.fill(ones, 1f);
    LayerSpec spec = LayerSpec.of("AveragePool").with("kernel", 3).with("stride", 1).with("pad", 1);
    float[] excluded = run(Shape.nchw(1, 1, 4, 4), spec, ones);
    float[] allOnes = new float[16];
    Arrays.fill(allOnes, 1f);
    VolumeAssertions.assertClose(allOnes, excluded, 1e-6, "count_include_pad=0");
    // with the padding counted: corners see 4 of 9, edges 6 of 9, the middle 9 of 9
    float[] included = run(Shape.nchw(1, 1, 4, 4), spec.with("count_include_pad", 1), ones);
    float c = 4f / 9;
    float e = 6f / 9;
    VolumeAssertions.assertClose(new float[] {c, e, e, c, e, 1, 1, e, e, 1, 1, e, c, e, e, c}, included, 1e-6,
        "count_include_pad=1");
  }

  @Test
  void maxAndL2OfOneWindow() {
    float[] x = {1, -5, 3, 2};
    Shape s = Shape.nchw(1, 1, 2, 2);
    assertEquals(3f, run(s, LayerSpec.of("MaxPool").with("kernel", 2), x)[0]);
    assertEquals(Math.sqrt(1 + 25 + 9 + 4), run(s, LayerSpec.of("L2Pool").with("kernel", 2), x)[0], 1e-5);
    assertEquals(0.25f, run(s, LayerSpec.of("AveragePool").with("kernel", 2), x)[0], 1e-6);
  }

  @Test
  void overlappingThreeByThreeStrideTwoSharesTheMiddleRowAndColumn() {
    // 5x5 ramp 0..24, F=3, S=2: windows start at rows/cols 0 and 2 and share row 2 and column 2
    Shape s = Shape.nchw(1, 1, 5, 5);
    float[] x = new float[25];
    for (int i = 0; i < x.length; i++) {
      x[i] = i;
    }
    LayerSpec max = LayerSpec.of("MaxPool").with("kernel", 3).with("stride", 2);
    VolumeAssertions.assertClose(new float[] {12, 14, 22, 24}, run(s, max, x), 0, "overlapping max");
    LayerSpec average = LayerSpec.of("AveragePool").with("kernel", 3).with("stride", 2);
    VolumeAssertions.assertClose(new float[] {6, 8, 16, 18}, run(s, average, x), 1e-6, "overlapping average");
    Layer layer = new PoolLayerProvider().create("pool", average, List.of(s));
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer);
        Volume xv = backend.upload(s, x);
        Volume y = layer.forward(ctx, List.of(xv));
        Volume dy = backend.upload(y.shape(), new float[] {1, 2, 3, 4})) {
      Volume dx = layer.backward(ctx, List.of(xv), y, dy).get(0);
      float[] g = dx.toArray();
      assertEquals(1f / 9, g[0], 1e-7, "a corner belongs to one window");
      assertEquals(3f / 9, g[2], 1e-7, "the top middle belongs to windows 1 and 2");
      assertEquals(10f / 9, g[12], 1e-6, "the centre belongs to all four windows");
      dx.close();
    }
  }

  @Test
  void ceilModeKeepsThePartialLastWindow() {
    // 5 wide, F=2, S=2, ceil: windows [0,1], [2,3], [4]
    float[] x = new float[25];
    for (int i = 0; i < x.length; i++) {
      x[i] = i;
    }
    float[] y = run(Shape.nchw(1, 1, 5, 5), LayerSpec.of("MaxPool").with("kernel", 2).with("round", "ceil"), x);
    VolumeAssertions.assertClose(new float[] {6, 8, 9, 16, 18, 19, 21, 23, 24}, y, 0, "max, ceil mode");
  }

  @Test
  void backwardAfterAnInferenceForwardStillRoutesToTheWinners() {
    Shape s = Shape.nchw(1, 1, 2, 4);
    Layer layer = new PoolLayerProvider().create("pool", LayerSpec.of("MaxPool").with("kernel", 2), List.of(s));
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer).training(false);
        Volume x = backend.upload(s, new float[] {1, 9, 4, 2, 3, 0, 7, 5});
        Volume y = layer.forward(ctx, List.of(x));
        Volume dy = backend.upload(y.shape(), new float[] {10, 20})) {
      Volume dx = layer.backward(ctx, List.of(x), y, dy).get(0);
      VolumeAssertions.assertClose(new float[] {0, 10, 0, 0, 0, 0, 20, 0}, dx.toArray(), 0, "routed gradient");
      dx.close();
    }
  }

  @Test
  void acceptsAnotherBatchSizeThanAtCreation() {
    Layer layer = new PoolLayerProvider().create("pool", LayerSpec.of("MaxPool").with("kernel", 2),
        List.of(Shape.nchw(2, 3, 4, 4)));
    Shape five = Shape.nchw(5, 3, 4, 4);
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer);
        Volume x = backend.upload(five, new TckRandom(5).distinct(five.intSize()));
        Volume y = layer.forward(ctx, List.of(x));
        Volume dy = backend.upload(y.shape(), new TckRandom(6).uniform(y.shape().intSize()))) {
      assertEquals(Shape.nchw(5, 3, 2, 2), y.shape());
      Volume dx = layer.backward(ctx, List.of(x), y, dy).get(0);
      assertEquals(five, dx.shape());
      // max pooling passes each output gradient to exactly one input: the sums agree
      assertEquals(sum(dy), sum(dx), 1e-5);
      dx.close();
    }
  }

  /** The sum of all values, in double, read on the host (the backend core has no reduction). */
  private static double sum(Volume v) {
    double total = 0;
    for (float value : v.toArray()) {
      total += value;
    }
    return total;
  }
}
