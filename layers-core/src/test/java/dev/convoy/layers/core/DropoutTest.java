package dev.convoy.layers.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.tck.TckRandom;
import dev.convoy.tck.TestLayerContext;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Inverted dropout: identity at inference; while training, keeps about 1 - ratio and scales them up. */
class DropoutTest {
  private static final Shape SHAPE = Shape.nchw(4, 5, 20, 25);
  private final Backend backend = TestLayerContext.loadBackend("reference");
  private final float[] xs = new TckRandom(4).uniform(SHAPE.intSize(), 0.5f, 1.5f);

  private float[] forward(float ratio, boolean training, long seed) {
    Layer layer = new CoreLayerProvider().create("drop", LayerSpec.of("Dropout").with("ratio", ratio), List.of(SHAPE));
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer).training(training).seed(seed);
        Volume x = backend.upload(SHAPE, xs);
        Volume y = layer.forward(ctx, List.of(x))) {
      return y.toArray();
    }
  }

  @Test
  void inferenceIsTheIdentity() {
    assertTrue(Arrays.equals(xs, forward(0.5f, false, 1)));
  }

  @Test
  void trainingKeepsAboutOneMinusRatioAndScalesThem() {
    float ratio = 0.3f;
    float[] y = forward(ratio, true, 1);
    int kept = 0;
    for (int i = 0; i < y.length; i++) {
      if (y[i] != 0f) {
        kept++;
        assertEquals(xs[i] / (1 - ratio), y[i], 1e-5f, "kept value " + i);
      }
    }
    double fraction = kept / (double) y.length;
    // 10,000 values: the standard deviation of the kept fraction is under 0.005
    assertEquals(1 - ratio, fraction, 0.02, "kept fraction");
  }

  @Test
  void theSeedFixesTheMask() {
    assertTrue(Arrays.equals(forward(0.5f, true, 7), forward(0.5f, true, 7)));
    assertFalse(Arrays.equals(forward(0.5f, true, 7), forward(0.5f, true, 8)));
  }

  @Test
  void backwardUsesTheForwardMask() {
    Layer layer = new CoreLayerProvider().create("drop", LayerSpec.of("Dropout"), List.of(SHAPE));
    float[] ones = new float[SHAPE.intSize()];
    Arrays.fill(ones, 1f);
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer);
        Volume x = backend.upload(SHAPE, ones);
        Volume y = layer.forward(ctx, List.of(x));
        Volume dy = backend.upload(SHAPE, ones)) {
      Volume dx = layer.backward(ctx, List.of(x), y, dy).get(0);
      // with x = dy = 1 the output and the input gradient are both the mask
      assertTrue(Arrays.equals(y.toArray(), dx.toArray()));
      dx.close();
    }
  }

  @Test
  void ratioMustBeBelowOne() {
    ConvoyException e = assertThrows(ConvoyException.class, () -> new CoreLayerProvider().create("drop",
        LayerSpec.of("Dropout").with("ratio", 1f), List.of(SHAPE)));
    assertTrue(e.getMessage().startsWith("drop:") && e.getMessage().contains("[0, 1)"), e.getMessage());
  }
}
