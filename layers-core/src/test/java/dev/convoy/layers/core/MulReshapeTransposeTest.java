package dev.convoy.layers.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerProvider;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import dev.convoy.tck.GradientCheck;
import dev.convoy.tck.TckRandom;
import dev.convoy.tck.TestLayerContext;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Mul, Reshape and Transpose: values worked out by hand or by an independent index formula,
 * central-difference gradient checks, the shape checks, and their registration with ServiceLoader
 * (which is how {@code convoy layers} finds them).
 */
class MulReshapeTransposeTest {
  private final Backend backend = LayerChecks.BACKEND;
  private final TckRandom random = new TckRandom(47);

  private float[] forward(LayerProvider provider, LayerSpec spec, List<Shape> shapes, List<float[]> values,
      Shape expectedShape) {
    Layer layer = provider.create("node", spec, shapes);
    assertEquals(expectedShape, layer.outputShape());
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer)) {
      List<Volume> inputs = new java.util.ArrayList<>();
      for (int i = 0; i < shapes.size(); i++) {
        inputs.add(backend.upload(shapes.get(i), values.get(i)));
      }
      try (Volume y = layer.forward(ctx, inputs)) {
        assertEquals(expectedShape, y.shape());
        return y.toArray();
      } finally {
        inputs.forEach(Volume::close);
      }
    }
  }

  @Test
  void theModuleProvidesTheNewTypes() {
    // What ServiceLoader (and so `convoy layers`) will find: the providers the module descriptor names.
    var descriptor = LayoutLayerProvider.class.getModule().getDescriptor();
    assertTrue(descriptor != null, "tests run on the module path");
    Set<String> providers = descriptor.provides().stream()
        .filter(p -> p.service().equals(LayerProvider.class.getName()))
        .flatMap(p -> p.providers().stream()).collect(Collectors.toSet());
    assertTrue(providers.containsAll(Set.of(LayoutLayerProvider.class.getName(), MergeLayerProvider.class.getName())),
        providers.toString());
  }

  @Test
  void mulMultipliesElementwise() {
    Shape s = Shape.of(2, 3);
    float[] y = forward(new MergeLayerProvider(), LayerSpec.of("Mul"), List.of(s, s),
        List.of(new float[] {1, 2, 3, -4, 0.5f, 0}, new float[] {10, -1, 0.5f, 2, 4, 7}), s);
    assertArrayEquals(new float[] {10, -2, 1.5f, -8, 2, 0}, y);
  }

  @Test
  void mulByAPerChannelGateSpreadsItOverThePositions() {
    Shape x = Shape.nchw(2, 2, 1, 3);
    float[] xs = {1, 2, 3, 4, 5, 6, -1, -2, -3, 0.5f, 0, 2};
    float[] gate = {10, -1, 2, 0.5f};
    float[] expected = {10, 20, 30, -4, -5, -6, -2, -4, -6, 0.25f, 0, 1};
    assertArrayEquals(expected, forward(new MergeLayerProvider(), LayerSpec.of("Mul"),
        List.of(x, Shape.nchw(2, 2, 1, 1)), List.of(xs, gate), x), "x * [N, C, 1, 1]");
    assertArrayEquals(expected, forward(new MergeLayerProvider(), LayerSpec.of("Mul"),
        List.of(Shape.of(2, 2), x), List.of(gate, xs), x), "[N, C] * x, the gate first");
  }

  @Test
  void aChannelGatesGradientSumsOverThePositionsInEitherOrder() {
    Shape x = Shape.nchw(2, 3, 2, 2);
    Shape g = Shape.nchw(2, 3, 1, 1);
    GradientCheck.Result r = LayerChecks.gradients(new MergeLayerProvider(), LayerSpec.of("Mul"), List.of(x, g),
        List.of(random.uniform(x.intSize(), -2f, 2f), random.uniform(g.intSize(), -2f, 2f)), true, 0.4);
    assertEquals(x.intSize() + g.intSize(), r.checkedValues());
    GradientCheck.Result first = LayerChecks.gradients(new MergeLayerProvider(), LayerSpec.of("Mul"),
        List.of(Shape.of(2, 3), x), List.of(random.uniform(6, -2f, 2f), random.uniform(x.intSize(), -2f, 2f)), true,
        0.4);
    assertEquals(6 + x.intSize(), first.checkedValues());
  }

  @Test
  void aMulOfShapesThatAreNeitherEqualNorAGateIsRefused() {
    ShapeException e = assertThrows(ShapeException.class, () -> new MergeLayerProvider().create("m",
        LayerSpec.of("Mul"), List.of(Shape.nchw(2, 3, 2, 2), Shape.nchw(2, 3, 2, 1))));
    assertTrue(e.getMessage().contains("gate of one value per channel"), e.getMessage());
  }

  @Test
  void mulGradientIsTheOtherFactor() {
    Shape s = Shape.nchw(2, 3, 2, 2);
    GradientCheck.Result r = LayerChecks.gradients(new MergeLayerProvider(), LayerSpec.of("Mul"), List.of(s, s),
        List.of(random.uniform(s.intSize(), -2f, 2f), random.uniform(s.intSize(), -2f, 2f)), true, 0.4);
    assertEquals(2 * s.intSize(), r.checkedValues());
  }

  @Test
  void mulOfOneInputWithItselfGetsBothGradients() {
    // x * x through the runtime's path: both gradients are returned, and their sum is 2 x dy.
    Shape s = Shape.of(1, 3);
    Layer layer = new MergeLayerProvider().create("square", LayerSpec.of("Mul"), List.of(s, s));
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer);
        Volume x = backend.upload(s, new float[] {1, -2, 3});
        Volume dy = backend.upload(s, new float[] {1, 1, 0.5f});
        Volume y = layer.forward(ctx, List.of(x, x))) {
      assertArrayEquals(new float[] {1, 4, 9}, y.toArray());
      List<Volume> grads = layer.backward(ctx, List.of(x, x), y, dy);
      assertArrayEquals(new float[] {1, -2, 1.5f}, grads.get(0).toArray());
      assertArrayEquals(new float[] {1, -2, 1.5f}, grads.get(1).toArray());
      grads.forEach(Volume::close);
    }
  }

  @Test
  void mulRefusesBroadcastingOtherThanAGateAndThreeInputs() {
    MergeLayerProvider p = new MergeLayerProvider();
    ShapeException e = assertThrows(ShapeException.class, () -> p.create("gate", LayerSpec.of("Mul"),
        List.of(Shape.nchw(1, 4, 3, 3), Shape.nchw(1, 4, 1, 3))));
    assertTrue(e.getMessage().startsWith("gate:") && e.getMessage().contains("[1, 4, 1, 3]"), e.getMessage());
    Shape s = Shape.of(1, 2);
    e = assertThrows(ShapeException.class, () -> p.create("gate", LayerSpec.of("Mul"), List.of(s, s, s)));
    assertTrue(e.getMessage().contains("2 inputs"), e.getMessage());
  }

  @Test
  void reshapeKeepsTheBatchAndTheOrder() {
    float[] x = random.uniform(2 * 3 * 4);
    Shape in = Shape.of(2, 3, 4);
    LayoutLayerProvider p = new LayoutLayerProvider();
    assertArrayEquals(x, forward(p, LayerSpec.of("Reshape").with("shape", 2, 6), List.of(in), List.of(x),
        Shape.of(2, 2, 6)));
    assertArrayEquals(x, forward(p, LayerSpec.of("Reshape").with("shape", 4, -1, 1), List.of(in), List.of(x),
        Shape.of(2, 4, 3, 1)));
    assertArrayEquals(x, forward(p, LayerSpec.of("Reshape").with("shape", 12), List.of(in), List.of(x),
        Shape.of(2, 12)));
  }

  @Test
  void reshapeRunsAtAnotherBatchSize() {
    LayoutLayerProvider p = new LayoutLayerProvider();
    Layer layer = p.create("r", LayerSpec.of("Reshape").with("shape", 3, 2), List.of(Shape.of(4, 6)));
    float[] x = random.uniform(6);
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer);
        Volume in = backend.upload(Shape.of(1, 6), x);
        Volume y = layer.forward(ctx, List.of(in))) {
      assertEquals(Shape.of(1, 3, 2), y.shape());
      assertArrayEquals(x, y.toArray());
    }
  }

  @Test
  void reshapeGradient() {
    Shape s = Shape.nchw(2, 2, 3, 2);
    LayerChecks.gradients(new LayoutLayerProvider(), LayerSpec.of("Reshape").with("shape", 3, -1), List.of(s),
        List.of(random.uniform(s.intSize(), -2f, 2f)), true, 0.4);
  }

  @Test
  void reshapeShapeChecksShowTheSizes() {
    LayoutLayerProvider p = new LayoutLayerProvider();
    Shape in = Shape.nchw(1, 3, 4, 4);
    ShapeException e = assertThrows(ShapeException.class,
        () -> p.create("r", LayerSpec.of("Reshape").with("shape", 5, 10), List.of(in)));
    assertTrue(e.getMessage().startsWith("r:") && e.getMessage().contains("48") && e.getMessage().contains("50"),
        e.getMessage());
    e = assertThrows(ShapeException.class, () -> p.create("r", LayerSpec.of("Reshape").with("shape", 5, -1),
        List.of(in)));
    assertTrue(e.getMessage().contains("not a multiple of 5"), e.getMessage());
    e = assertThrows(ShapeException.class, () -> p.create("r", LayerSpec.of("Reshape").with("shape", -1, -1),
        List.of(in)));
    assertTrue(e.getMessage().contains("at most one -1"), e.getMessage());
    ConvoyException missing = assertThrows(ConvoyException.class,
        () -> p.create("r", LayerSpec.of("Reshape"), List.of(in)));
    assertTrue(missing.getMessage().contains("'shape'"), missing.getMessage());
  }

  @Test
  void transposeMatchesTheIndexFormula() {
    int n = 2;
    int c = 3;
    int h = 2;
    int w = 4;
    float[] x = random.uniform(n * c * h * w);
    float[] y = forward(new LayoutLayerProvider(), LayerSpec.of("Transpose").with("perm", 0, 2, 3, 1),
        List.of(Shape.nchw(n, c, h, w)), List.of(x), Shape.of(n, h, w, c));
    for (int in = 0; in < n; in++) {
      for (int ic = 0; ic < c; ic++) {
        for (int ih = 0; ih < h; ih++) {
          for (int iw = 0; iw < w; iw++) {
            // NHWC[in, ih, iw, ic] == NCHW[in, ic, ih, iw]
            assertEquals(x[((in * c + ic) * h + ih) * w + iw], y[((in * h + ih) * w + iw) * c + ic]);
          }
        }
      }
    }
  }

  @Test
  void transposeOfAMatrixPerItem() {
    float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    float[] y = forward(new LayoutLayerProvider(), LayerSpec.of("Transpose").with("perm", 0, 2, 1),
        List.of(Shape.of(2, 2, 3)), List.of(x), Shape.of(2, 3, 2));
    assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6, 7, 10, 8, 11, 9, 12}, y);
  }

  @Test
  void transposeGradientsForSeveralPermutations() {
    Shape s = Shape.nchw(2, 3, 2, 4);
    for (int[] perm : List.of(new int[] {0, 2, 3, 1}, new int[] {0, 3, 1, 2}, new int[] {0, 1, 3, 2},
        new int[] {0, 3, 2, 1})) {
      GradientCheck.Result r = LayerChecks.gradients(new LayoutLayerProvider(),
          LayerSpec.of("Transpose").with("perm", perm), List.of(s), List.of(random.uniform(s.intSize(), -2f, 2f)),
          true, 0.4);
      assertEquals(s.intSize(), r.checkedValues());
    }
  }

  @Test
  void transposeKeepsTheBatchFirst() {
    LayoutLayerProvider p = new LayoutLayerProvider();
    Shape in = Shape.nchw(2, 3, 4, 5);
    ShapeException e = assertThrows(ShapeException.class,
        () -> p.create("t", LayerSpec.of("Transpose").with("perm", 1, 0, 2, 3), List.of(in)));
    assertTrue(e.getMessage().startsWith("t:") && e.getMessage().contains("batch"), e.getMessage());
    e = assertThrows(ShapeException.class,
        () -> p.create("t", LayerSpec.of("Transpose").with("perm", 0, 1, 1, 3), List.of(in)));
    assertTrue(e.getMessage().contains("not a permutation"), e.getMessage());
    e = assertThrows(ShapeException.class,
        () -> p.create("t", LayerSpec.of("Transpose").with("perm", 0, 2, 1), List.of(in)));
    assertTrue(e.getMessage().contains("not a permutation"), e.getMessage());
  }
}
