package dev.convoy.layers.fc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import dev.convoy.tck.TckRandom;
import dev.convoy.tck.TestLayerContext;
import dev.convoy.tck.VolumeAssertions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FC values against {@code x W^T + b} in double, parameter counts from the notes, and errors. */
class FcLayerTest {
  private final Backend backend = TestLayerContext.loadBackend("reference");
  private final FcLayerProvider provider = new FcLayerProvider();

  private static long parameterCount(Layer layer) {
    return layer.parameters().stream().mapToLong(p -> p.shape().size()).sum();
  }

  @Test
  void forwardIsAMatrixMultiplyPlusBias() {
    Shape in = Shape.nchw(3, 2, 2, 2);
    Layer layer = provider.create("fc", LayerSpec.of("FC").with("units", 4), List.of(in));
    float[] xs = new TckRandom(1).uniform(in.intSize());
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer);
        Volume x = backend.upload(in, xs);
        Volume y = layer.forward(ctx, List.of(x))) {
      float[] w = ctx.param("weight").toArray();
      float[] b = ctx.param("bias").toArray();
      double[] expected = new double[3 * 4];
      for (int n = 0; n < 3; n++) {
        for (int u = 0; u < 4; u++) {
          double sum = b[u];
          for (int d = 0; d < 8; d++) {
            sum += (double) xs[n * 8 + d] * w[u * 8 + d];
          }
          expected[n * 4 + u] = sum;
        }
      }
      assertEquals(Shape.of(3, 4), y.shape());
      VolumeAssertions.assertClose(expected, y.toArray(), 1e-5, "FC forward");
    }
  }

  @Test
  void notesExampleEndsInTenScores() {
    // INPUT [32x32x3] -> CONV 12 -> POOL -> [16x16x12] -> FC 10 -> [1x1x10]
    Layer layer = provider.create("fc", LayerSpec.of("FC").with("units", 10), List.of(Shape.nchw(4, 12, 16, 16)));
    assertEquals(Shape.of(4, 10), layer.outputShape());
    assertEquals("1x1x10", layer.outputShape().toNotesString());
    assertEquals(16 * 16 * 12 * 10 + 10, parameterCount(layer));
  }

  @Test
  void vggFirstFcSeesTheWholeVolume() {
    // FC over 7x7x512 to 4096: 102,760,448 weights (the notes' table counts weights, not biases)
    Layer layer = provider.create("fc6", LayerSpec.of("FC").with("units", 4096), List.of(Shape.nchw(1, 512, 7, 7)));
    assertEquals(Shape.of(4096, 25_088), layer.parameters().get(0).shape());
    assertEquals(102_760_448L, layer.parameters().get(0).shape().size());
  }

  @Test
  void acceptsAnotherBatchSizeThanAtCreation() {
    Layer layer = provider.create("fc", LayerSpec.of("FC").with("units", 3), List.of(Shape.nchw(2, 2, 3, 3)));
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer);
        Volume x = backend.upload(Shape.nchw(5, 2, 3, 3), new TckRandom(2).uniform(90));
        Volume y = layer.forward(ctx, List.of(x));
        Volume dy = backend.upload(y.shape(), new TckRandom(3).uniform(15))) {
      assertEquals(Shape.of(5, 3), y.shape());
      Volume dx = layer.backward(ctx, List.of(x), y, dy).get(0);
      assertEquals(x.shape(), dx.shape());
      dx.close();
    }
  }

  @Test
  void rejectsAnInputOfAnotherSizeNamingTheNode() {
    Layer layer = provider.create("fc3", LayerSpec.of("FC").with("units", 3), List.of(Shape.of(2, 6)));
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer);
        Volume x = backend.allocate(Shape.of(2, 7))) {
      ShapeException e = assertThrows(ShapeException.class, () -> layer.forward(ctx, List.of(x)));
      assertTrue(e.getMessage().startsWith("fc3:") && e.getMessage().contains("[2, 7]"), e.getMessage());
    }
  }

  @Test
  void specErrorsNameTheNode() {
    ConvoyException unknown = assertThrows(ConvoyException.class,
        () -> provider.create("fc1", LayerSpec.of("FC").with("units", 3).with("unit", 3), List.of(Shape.of(2, 6))));
    assertTrue(unknown.getMessage().contains("fc1") && unknown.getMessage().contains("[unit]")
        && unknown.getMessage().contains("units"), unknown.getMessage());
    ConvoyException missing = assertThrows(ConvoyException.class,
        () -> provider.create("fc1", LayerSpec.of("FC"), List.of(Shape.of(2, 6))));
    assertTrue(missing.getMessage().contains("'units'"), missing.getMessage());
    ShapeException rank = assertThrows(ShapeException.class,
        () -> provider.create("fc1", LayerSpec.of("FC").with("units", 3), List.of(Shape.of(6))));
    assertTrue(rank.getMessage().startsWith("fc1:") && rank.getMessage().contains("rank 1"), rank.getMessage());
    ShapeException count = assertThrows(ShapeException.class,
        () -> provider.create("fc1", LayerSpec.of("FC").with("units", 3), List.of(Shape.of(2, 6), Shape.of(2, 6))));
    assertTrue(count.getMessage().startsWith("fc1:") && count.getMessage().contains("got 2"), count.getMessage());
  }
}
