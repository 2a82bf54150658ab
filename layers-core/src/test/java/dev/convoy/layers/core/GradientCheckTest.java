package dev.convoy.layers.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.Init;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerContext;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.ParamSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.tck.GradientCheck;
import dev.convoy.tck.TckRandom;
import dev.convoy.tck.TestLayerContext;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The tck's {@link GradientCheck} itself: it passes a right layer and catches wrong ones. */
class GradientCheckTest {
  private static final Shape SHAPE = Shape.of(3, 4);
  private final Backend backend = TestLayerContext.loadBackend("reference");

  /** {@code y = w * x} elementwise, with a parameter {@code w}; {@code dxFactor} 1 is the right gradient. */
  private record ElementwiseScale(float dxFactor, boolean accumulatesWeight) implements Layer {
    @Override
    public Shape outputShape() {
      return SHAPE;
    }

    @Override
    public List<ParamSpec> parameters() {
      return List.of(new ParamSpec("w", SHAPE, new Init.Uniform(2f)));
    }

    @Override
    public Volume forward(LayerContext ctx, List<Volume> inputs) {
      Volume y = ctx.backend().allocate(SHAPE);
      ctx.backend().multiply(inputs.get(0), ctx.param("w"), y);
      return y;
    }

    @Override
    public List<Volume> backward(LayerContext ctx, List<Volume> inputs, Volume output, Volume outputGradient) {
      Backend b = ctx.backend();
      Volume dx = b.allocate(SHAPE);
      b.multiply(outputGradient, ctx.param("w"), dx);
      b.scale(dx, dxFactor);
      if (accumulatesWeight) {
        try (Volume dw = b.allocate(SHAPE)) {
          b.multiply(outputGradient, inputs.get(0), dw);
          b.axpy(1f, dw, ctx.paramGradient("w"));
        }
      }
      return List.of(dx);
    }
  }

  private GradientCheck.Result check(Layer layer, float[] xs) {
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer);
        Volume x = backend.upload(SHAPE, xs)) {
      return GradientCheck.of(layer, ctx).inputs(x).check();
    }
  }

  @Test
  void passesARightLayer() {
    GradientCheck.Result result = check(new ElementwiseScale(1f, true), new TckRandom(1).uniform(12));
    assertEquals(24, result.checkedValues(), "12 input values and 12 weights");
    assertTrue(result.worstError() < 1e-3, result.toString());
  }

  @Test
  void namesTheWorstInputValueOfAWrongLayer() {
    AssertionFailedError e = assertThrows(AssertionFailedError.class,
        () -> check(new ElementwiseScale(1.1f, true), new TckRandom(1).uniform(12)));
    assertTrue(e.getMessage().contains("input 0 at") && e.getMessage().contains("analytic")
        && e.getMessage().contains("numeric"), e.getMessage());
  }

  @Test
  void catchesAMissingParameterGradient() {
    AssertionFailedError e = assertThrows(AssertionFailedError.class,
        () -> check(new ElementwiseScale(1f, false), new TckRandom(1).uniform(12)));
    assertTrue(e.getMessage().contains("parameter w"), e.getMessage());
  }

  @Test
  void restoresInputsAndParameters() {
    Layer layer = new ElementwiseScale(1f, true);
    float[] xs = new TckRandom(2).uniform(12);
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer);
        Volume x = backend.upload(SHAPE, xs)) {
      float[] w = ctx.param("w").toArray();
      GradientCheck.of(layer, ctx).inputs(x).check();
      assertArrayEquals(xs, x.toArray());
      assertArrayEquals(w, ctx.param("w").toArray());
    }
  }

  @Test
  void samplesLargeTensors() {
    Layer layer = new CoreLayerProvider().create("relu", LayerSpec.of("Relu"),
        List.of(Shape.of(50, 100)));
    float[] xs = new TckRandom(3).uniform(5000, 0.1f, 1f);
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer);
        Volume x = backend.upload(Shape.of(50, 100), xs)) {
      assertEquals(200, GradientCheck.of(layer, ctx).inputs(x).check().checkedValues());
      assertEquals(30, GradientCheck.of(layer, ctx).inputs(x).maxSamples(30).check().checkedValues());
    }
  }
}
