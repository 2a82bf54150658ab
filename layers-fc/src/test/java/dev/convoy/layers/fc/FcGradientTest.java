package dev.convoy.layers.fc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.tck.GradientCheck;
import dev.convoy.tck.InputGradientSkip;
import dev.convoy.tck.TckRandom;
import dev.convoy.tck.TestLayerContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Central-difference checks of the input, weight and bias gradients of FC. */
class FcGradientTest {
  private final Backend backend = TestLayerContext.loadBackend("reference");

  private void check(Shape input, LayerSpec spec, int expectedParams) {
    Layer layer = new FcLayerProvider().create("fc", spec, List.of(input));
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer);
        Volume x = backend.upload(input, new TckRandom(9).uniform(input.intSize()))) {
      assertEquals(expectedParams, ctx.paramNames().size(), "parameters " + ctx.paramNames());
      GradientCheck.Result result = GradientCheck.of(layer, ctx).inputs(x).check();
      assertTrue(result.largestGradient() > 0.05, "gradients should not all be ~0: " + result);
    }
  }

  @Test
  void overAVolume() {
    check(Shape.nchw(2, 3, 4, 4), LayerSpec.of("FC").with("units", 5), 2);
  }

  @Test
  void overAMatrix() {
    check(Shape.of(3, 7), LayerSpec.of("FC").with("units", 4), 2);
  }

  @Test
  void withoutBias() {
    check(Shape.of(3, 7), LayerSpec.of("FC").with("units", 4).with("bias", 0), 1);
  }

  @Test
  void withoutAnInputGradientOnlyTheParameterGradientsAreComputed() {
    Shape input = Shape.of(3, 7);
    Layer layer = new FcLayerProvider().create("fc", LayerSpec.of("FC").with("units", 5), List.of(input));
    InputGradientSkip.assertOnlyParameterGradients(backend, layer, input);
  }
}
