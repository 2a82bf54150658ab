package dev.convoy.layers.pool;

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
import dev.convoy.tck.GoldenFile;
import dev.convoy.tck.GradientCheck;
import dev.convoy.tck.TckRandom;
import dev.convoy.tck.TestLayerContext;
import dev.convoy.tck.VolumeAssertions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GlobalAveragePool and GlobalMaxPool: shapes, PyTorch's values and gradients, central differences. */
class GlobalPoolTest {
  private final Backend backend = TestLayerContext.loadBackend("reference");
  private final PoolLayerProvider provider = new PoolLayerProvider();

  @Test
  void poolsEachDepthSliceToOneValue() {
    // GoogLeNet: 7x7x1024 -> 1x1x1024
    Layer layer = provider.create("pool5", LayerSpec.of("GlobalAveragePool"), List.of(Shape.nchw(2, 1024, 7, 7)));
    assertEquals(Shape.nchw(2, 1024, 1, 1), layer.outputShape());
    assertTrue(layer.parameters().isEmpty());
    assertEquals(Shape.nchw(1, 3, 1, 1),
        provider.create("g", LayerSpec.of("GlobalMaxPool"), List.of(Shape.nchw(1, 3, 2, 9))).outputShape());
  }

  @ParameterizedTest
  @CsvSource({"GlobalAveragePool, global_average_pool", "GlobalMaxPool, global_max_pool"})
  void matchesPyTorch(String type, String file) {
    GoldenFile g = GoldenFile.load(GlobalPoolTest.class::getResourceAsStream, "/golden/" + file + ".json");
    Layer layer = provider.create("pool", LayerSpec.of(type), List.of(g.shape("x")));
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer);
        Volume x = g.upload(backend, "x");
        Volume y = layer.forward(ctx, List.of(x));
        Volume dy = g.upload(backend, "dy")) {
      assertEquals(g.shape("y"), y.shape());
      VolumeAssertions.assertClose(g.values("y"), y.toArray(), 1e-5, type + " y");
      Volume dx = layer.backward(ctx, List.of(x), y, dy).get(0);
      VolumeAssertions.assertClose(g.values("dx"), dx.toArray(), 1e-5, type + " dx");
      dx.close();
    }
  }

  @ParameterizedTest
  @CsvSource({"GlobalAveragePool", "GlobalMaxPool"})
  void gradients(String type) {
    Shape s = Shape.nchw(2, 3, 3, 4);
    Layer layer = provider.create("pool", LayerSpec.of(type), List.of(s));
    float[] values = new TckRandom(12).distinct(s.intSize()); // no ties for the max
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer);
        Volume x = backend.upload(s, values)) {
      GradientCheck.Result result = GradientCheck.of(layer, ctx).inputs(x).check();
      assertTrue(result.largestGradient() > 0.04, "gradients should not all be ~0: " + result);
    }
  }

  @Test
  void acceptsAnotherBatchSize() {
    Layer layer = provider.create("gap", LayerSpec.of("GlobalAveragePool"), List.of(Shape.nchw(4, 2, 3, 3)));
    Shape one = Shape.nchw(1, 2, 3, 3);
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer);
        Volume x = backend.upload(one, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0, 0, 0, 9, 0, 0, 0, 0});
        Volume y = layer.forward(ctx, List.of(x))) {
      VolumeAssertions.assertClose(new float[] {5, 1}, y.toArray(), 1e-6, "means of the two slices");
    }
  }

  @Test
  void takesNoAttributesAndNeedsAnImageBatch() {
    ConvoyException attribute = assertThrows(ConvoyException.class, () -> provider.create("gap",
        LayerSpec.of("GlobalAveragePool").with("kernel", 7), List.of(Shape.nchw(1, 2, 7, 7))));
    assertTrue(attribute.getMessage().contains("gap") && attribute.getMessage().contains("[kernel]"),
        attribute.getMessage());
    ShapeException rank = assertThrows(ShapeException.class,
        () -> provider.create("gmp", LayerSpec.of("GlobalMaxPool"), List.of(Shape.of(2, 10))));
    assertTrue(rank.getMessage().startsWith("gmp:") && rank.getMessage().contains("rank 2"), rank.getMessage());
  }
}
