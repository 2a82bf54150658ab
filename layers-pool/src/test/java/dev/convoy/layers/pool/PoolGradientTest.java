package dev.convoy.layers.pool;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.tck.GradientCheck;
import dev.convoy.tck.TckRandom;
import dev.convoy.tck.TestLayerContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Central-difference checks of the input gradient of max, average and L2 pooling. */
class PoolGradientTest {
  private final Backend backend = TestLayerContext.loadBackend("reference");
  private final TckRandom random = new TckRandom(11);

  private void check(Shape input, LayerSpec spec, float[] values) {
    Layer layer = new PoolLayerProvider().create("pool", spec, List.of(input));
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer);
        Volume x = backend.upload(input, values)) {
      GradientCheck.Result result = GradientCheck.of(layer, ctx).inputs(x).check();
      assertTrue(result.largestGradient() > 0.05, "gradients should not all be ~0: " + result);
    }
  }

  /**
   * Values at least 0.05 apart (a shuffled ramp), so a step of 0.01 never changes a window's
   * winner and the max is differentiable at every point checked.
   */
  private float[] distinct(Shape shape) {
    int n = shape.intSize();
    float[] v = random.distinct(n);
    for (int i = 0; i < n; i++) {
      v[i] *= 0.05f * (n - 1) / 2;
    }
    return v;
  }

  /** Values with magnitude in [0.2, 1], so no L2 window is near the kink at zero. */
  private float[] awayFromZero(Shape shape) {
    float[] v = random.uniform(shape.intSize(), 0.2f, 1f);
    for (int i = 0; i < v.length; i += 2) {
      v[i] = -v[i];
    }
    return v;
  }

  private static LayerSpec pool(String type, int kernel) {
    return LayerSpec.of(type).with("kernel", kernel);
  }

  @Test
  void maxTwoByTwo() {
    Shape s = Shape.nchw(2, 3, 4, 4);
    check(s, pool("MaxPool", 2), distinct(s));
  }

  @Test
  void maxOverlappingThreeByThreeStrideTwo() {
    Shape s = Shape.nchw(1, 2, 7, 7);
    check(s, pool("MaxPool", 3).with("stride", 2), distinct(s));
  }

  @Test
  void maxCeilMode() {
    Shape s = Shape.nchw(1, 2, 6, 6);
    check(s, pool("MaxPool", 3).with("stride", 2).with("round", "ceil"), distinct(s));
  }

  @Test
  void maxPadded() {
    Shape s = Shape.nchw(2, 2, 5, 5);
    check(s, pool("MaxPool", 3).with("stride", 2).with("pad", 1), distinct(s));
  }

  @Test
  void maxPaddedCeilModeRectangular() {
    Shape s = Shape.nchw(1, 2, 6, 7);
    check(s, pool("MaxPool", 3).with("stride", 2).with("pad", 1).with("round", "ceil"), distinct(s));
    check(s, LayerSpec.of("MaxPool").with("kernel", 2, 3).with("stride", 2, 1).with("pad", 0, 1, 1, 0)
        .with("round", "ceil"), distinct(s));
  }

  @Test
  void averagePaddedCeilModeBothDivisors() {
    Shape s = Shape.nchw(1, 2, 6, 6);
    LayerSpec spec = pool("AveragePool", 3).with("stride", 2).with("pad", 1).with("round", "ceil");
    check(s, spec.with("count_include_pad", 0), random.uniform(s.intSize()));
    check(s, spec.with("count_include_pad", 1), random.uniform(s.intSize()));
  }

  @Test
  void l2PaddedCeilMode() {
    Shape s = Shape.nchw(1, 2, 6, 6);
    check(s, pool("L2Pool", 3).with("stride", 2).with("pad", 1).with("round", "ceil"), awayFromZero(s));
  }

  @Test
  void averagePaddedExcludingPad() {
    Shape s = Shape.nchw(2, 2, 4, 4);
    check(s, pool("AveragePool", 3).with("stride", 1).with("pad", 1).with("count_include_pad", 0),
        random.uniform(s.intSize()));
  }

  @Test
  void averagePaddedIncludingPad() {
    Shape s = Shape.nchw(2, 2, 4, 4);
    check(s, pool("AveragePool", 3).with("stride", 1).with("pad", 1).with("count_include_pad", 1),
        random.uniform(s.intSize()));
  }

  @Test
  void averageCeilMode() {
    Shape s = Shape.nchw(1, 2, 6, 6);
    check(s, pool("AveragePool", 3).with("stride", 2).with("round", "ceil"), random.uniform(s.intSize()));
  }

  @Test
  void l2TwoByTwo() {
    Shape s = Shape.nchw(2, 2, 4, 4);
    check(s, pool("L2Pool", 2), awayFromZero(s));
  }

  @Test
  void l2Overlapping() {
    Shape s = Shape.nchw(1, 2, 7, 7);
    check(s, pool("L2Pool", 3).with("stride", 2), awayFromZero(s));
  }
}
