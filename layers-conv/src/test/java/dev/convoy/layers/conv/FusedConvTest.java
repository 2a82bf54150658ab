package dev.convoy.layers.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvGeometry;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import dev.convoy.tck.TckRandom;
import dev.convoy.tck.TestLayerContext;
import dev.convoy.tck.VolumeAssertions;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** FusedConv against the convolution sum, residual and activation written out in double; its attribute checks. */
class FusedConvTest {
  private static final Shape INPUT = Shape.nchw(2, 4, 6, 6);
  /** 6 filters of 3x3 over 2 groups, pad 1, stride 1: the output is [2, 6, 6, 6]. */
  private static final ConvGeometry GEOMETRY = new ConvGeometry(2, 4, 6, 6, 6, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 2, 6, 6);
  private final Backend backend = TestLayerContext.loadBackend("reference");
  private final TckRandom random = new TckRandom(11);
  private final FusedConvLayerProvider provider = new FusedConvLayerProvider();

  private static LayerSpec spec() {
    return LayerSpec.of("FusedConv").with("filters", 6).with("kernel", 3).with("pad", 1).with("groups", 2);
  }

  private void compare(LayerSpec spec, boolean residual, DoubleUnaryOperator activation) {
    List<Shape> shapes = residual ? List.of(INPUT, GEOMETRY.outputShape()) : List.of(INPUT);
    FusedConvLayer layer = (FusedConvLayer) provider.create("fused", spec, shapes);
    assertEquals(GEOMETRY.outputShape(), layer.outputShape());
    float[] xs = random.uniform(INPUT.intSize());
    float[] rs = random.uniform(GEOMETRY.outputShape().intSize());
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer).training(false);
        Volume x = backend.upload(INPUT, xs);
        Volume r = backend.upload(GEOMETRY.outputShape(), rs);
        Volume y = layer.forward(ctx, residual ? List.of(x, r) : List.of(x))) {
      float[] b = ctx.paramNames().contains("bias") ? ctx.param("bias").toArray() : null;
      double[] expected = NaiveConv.forward(GEOMETRY, xs, ctx.param("weight").toArray(), b);
      for (int i = 0; i < expected.length; i++) {
        expected[i] = activation.applyAsDouble(expected[i] + (residual ? rs[i] : 0));
      }
      VolumeAssertions.assertClose(expected, y.toArray(), 1e-5, spec + (residual ? " with residual" : ""));
    }
  }

  @Test
  void everyActivationWithAndWithoutResidual() {
    for (boolean residual : new boolean[] {false, true}) {
      compare(spec(), residual, v -> v);
      compare(spec().with("activation", "relu"), residual, v -> Math.max(0, v));
      compare(spec().with("activation", "leaky_relu").with("alpha", 0.2f), residual, v -> v > 0 ? v : 0.2 * v);
      compare(spec().with("activation", "clip").with("min", -0.3f).with("max", 0.4f), residual,
          v -> Math.min(Math.max(v, -0.3), 0.4));
      compare(spec().with("activation", "sigmoid"), residual, v -> 1 / (1 + Math.exp(-v)));
      compare(spec().with("activation", "tanh").with("bias", 0), residual, Math::tanh);
    }
  }

  @Test
  void hasTheConvParameters() {
    assertEquals(List.of("weight", "bias"),
        provider.create("f", spec(), List.of(INPUT)).parameters().stream().map(p -> p.name()).toList());
    assertEquals(List.of("weight"), provider.create("f", spec().with("bias", 0), List.of(INPUT)).parameters()
        .stream().map(p -> p.name()).toList());
  }

  @Test
  void rejectsWhatDoesNotFit() {
    ConvoyException wrongParameter = assertThrows(ConvoyException.class,
        () -> provider.create("f", spec().with("activation", "relu").with("alpha", 0.1f), List.of(INPUT)));
    assertTrue(wrongParameter.getMessage().contains("'alpha' does not apply to activation=relu"),
        wrongParameter.getMessage());
    ConvoyException unknown = assertThrows(ConvoyException.class,
        () -> provider.create("f", spec().with("activation", "gelu"), List.of(INPUT)));
    assertTrue(unknown.getMessage().contains("unknown activation 'gelu'"), unknown.getMessage());
    ShapeException residual = assertThrows(ShapeException.class,
        () -> provider.create("f", spec(), List.of(INPUT, Shape.nchw(2, 6, 5, 5))));
    assertTrue(residual.getMessage().contains("residual"), residual.getMessage());
    assertThrows(ShapeException.class, () -> provider.create("f", spec(), List.of(INPUT, INPUT, INPUT)));
  }

  @Test
  void hasNoBackward() {
    FusedConvLayer layer = (FusedConvLayer) provider.create("fused", spec(), List.of(INPUT));
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer)) {
      ConvoyException e = assertThrows(ConvoyException.class, () -> layer.backward(ctx, List.of(), null, null));
      assertTrue(e.getMessage().contains("inference only"), e.getMessage());
    }
  }
}
