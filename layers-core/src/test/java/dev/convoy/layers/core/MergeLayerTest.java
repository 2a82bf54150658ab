package dev.convoy.layers.core;

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
import dev.convoy.tck.TestLayerContext;
import dev.convoy.tck.VolumeAssertions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Add and Concat values worked out by hand, and their shape checks. */
class MergeLayerTest {
  private final Backend backend = LayerChecks.BACKEND;
  private final MergeLayerProvider provider = new MergeLayerProvider();

  @Test
  void addSumsElementwise() {
    Shape s = Shape.of(1, 3);
    Layer layer = provider.create("sum", LayerSpec.of("Add"), List.of(s, s, s));
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer);
        Volume a = backend.upload(s, new float[] {1, 2, 3});
        Volume b = backend.upload(s, new float[] {10, 20, 30});
        Volume c = backend.upload(s, new float[] {-1, 0, 0.5f});
        Volume y = layer.forward(ctx, List.of(a, b, c))) {
      VolumeAssertions.assertClose(new float[] {10, 22, 33.5f}, y.toArray(), 0, "a + b + c");
    }
  }

  @Test
  void concatStacksChannelsInInputOrderAndSplitsTheGradient() {
    Shape a = Shape.nchw(2, 1, 1, 2);
    Shape b = Shape.nchw(2, 2, 1, 2);
    Layer layer = provider.create("mix", LayerSpec.of("Concat"), List.of(a, b));
    assertEquals(Shape.nchw(2, 3, 1, 2), layer.outputShape());
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer);
        Volume x1 = backend.upload(a, new float[] {1, 2, 3, 4});
        Volume x2 = backend.upload(b, new float[] {5, 6, 7, 8, 9, 10, 11, 12});
        Volume y = layer.forward(ctx, List.of(x1, x2))) {
      // item 0: channel 0 from a, channels 1-2 from b; then item 1 likewise
      VolumeAssertions.assertClose(new float[] {1, 2, 5, 6, 7, 8, 3, 4, 9, 10, 11, 12}, y.toArray(), 0, "concat");
      List<Volume> grads = layer.backward(ctx, List.of(x1, x2), y, y);
      VolumeAssertions.assertClose(x1.toArray(), grads.get(0).toArray(), 0, "gradient of a");
      VolumeAssertions.assertClose(x2.toArray(), grads.get(1).toArray(), 0, "gradient of b");
      grads.forEach(Volume::close);
    }
  }

  @Test
  void addNeedsOneShape() {
    ShapeException e = assertThrows(ShapeException.class, () -> provider.create("res2", LayerSpec.of("Add"),
        List.of(Shape.nchw(1, 64, 8, 8), Shape.nchw(1, 128, 4, 4))));
    assertTrue(e.getMessage().startsWith("res2:") && e.getMessage().contains("[1, 128, 4, 4]")
        && e.getMessage().contains("projection"), e.getMessage());
  }

  @Test
  void concatNeedsMatchingSpatialSizes() {
    ShapeException e = assertThrows(ShapeException.class, () -> provider.create("inception3a", LayerSpec.of("Concat"),
        List.of(Shape.nchw(1, 64, 28, 28), Shape.nchw(1, 32, 14, 14))));
    assertTrue(e.getMessage().startsWith("inception3a:") && e.getMessage().contains("[1, 32, 14, 14]"),
        e.getMessage());
  }

  @Test
  void mergesTakeTwoOrMoreInputs() {
    ShapeException e = assertThrows(ShapeException.class,
        () -> provider.create("sum", LayerSpec.of("Add"), List.of(Shape.of(2, 3))));
    assertTrue(e.getMessage().startsWith("sum:") && e.getMessage().contains("2 or more"), e.getMessage());
  }

  @Test
  void concatJoinsOnlyChannels() {
    ConvoyException e = assertThrows(ConvoyException.class, () -> provider.create("cat",
        LayerSpec.of("Concat").with("axis", 2), List.of(Shape.nchw(1, 2, 3, 3), Shape.nchw(1, 2, 3, 3))));
    assertTrue(e.getMessage().startsWith("cat:") && e.getMessage().contains("axis=2"), e.getMessage());
    ConvoyException unknown = assertThrows(ConvoyException.class, () -> provider.create("sum",
        LayerSpec.of("Add").with("axis", 1), List.of(Shape.of(2, 3), Shape.of(2, 3))));
    assertTrue(unknown.getMessage().contains("sum") && unknown.getMessage().contains("[axis]"), unknown.getMessage());
  }
}
