package dev.convoy.layers.conv;

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

/** Central-difference checks of the input, weight and bias gradients for every Conv variant. */
class ConvGradientTest {
  private final Backend backend = TestLayerContext.loadBackend("reference");

  private void check(Shape input, LayerSpec spec, int expectedParams) {
    Layer layer = new ConvLayerProvider().create("conv", spec, List.of(input));
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer);
        Volume x = backend.upload(input, new TckRandom(7).uniform(input.intSize()))) {
      assertEquals(expectedParams, ctx.paramNames().size(), "parameters " + ctx.paramNames());
      GradientCheck.Result result = GradientCheck.of(layer, ctx).inputs(x).check();
      assertTrue(result.largestGradient() > 0.05, "gradients should not all be ~0: " + result);
    }
  }

  private static LayerSpec conv(int filters, int kernel) {
    return LayerSpec.of("Conv").with("filters", filters).with("kernel", kernel);
  }

  @Test
  void plain() {
    check(Shape.nchw(2, 3, 5, 5), conv(4, 3), 2);
  }

  @Test
  void strideTwoPadOne() {
    check(Shape.nchw(2, 2, 7, 7), conv(3, 3).with("stride", 2).with("pad", 1), 2);
  }

  @Test
  void dilationTwo() {
    check(Shape.nchw(1, 2, 7, 7), conv(2, 3).with("dilation", 2), 2);
  }

  @Test
  void twoGroups() {
    check(Shape.nchw(2, 4, 5, 5), conv(6, 3).with("groups", 2).with("pad", 1), 2);
  }

  @Test
  void asymmetricPadding() {
    check(Shape.nchw(1, 2, 5, 6), conv(3, 3).with("pad", 0, 1, 2, 1), 2);
  }

  @Test
  void rectangularKernelAndStride() {
    check(Shape.nchw(2, 2, 5, 7), conv(3, 0).with("kernel", 2, 3).with("stride", 1, 2), 2);
  }

  @Test
  void withoutBias() {
    check(Shape.nchw(2, 3, 5, 5), conv(4, 3).with("bias", 0).with("pad", 1), 1);
  }

  @Test
  void withoutAnInputGradientOnlyTheParameterGradientsAreComputed() {
    Shape input = Shape.nchw(2, 3, 6, 5);
    Layer layer = new ConvLayerProvider().create("conv", conv(4, 3).with("pad", 1), List.of(input));
    InputGradientSkip.assertOnlyParameterGradients(backend, layer, input);
  }
}
