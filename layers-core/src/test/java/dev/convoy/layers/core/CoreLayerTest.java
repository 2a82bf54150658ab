package dev.convoy.layers.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Forward values of Relu, Flatten and Softmax, and the provider's checks. */
class CoreLayerTest {
  private final Backend backend = TestLayerContext.loadBackend("reference");
  private final CoreLayerProvider provider = new CoreLayerProvider();

  private Volume forward(String type, Shape shape, float[] values) {
    Layer layer = provider.create("node", LayerSpec.of(type), List.of(shape));
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer);
        Volume x = backend.upload(shape, values)) {
      Volume y = layer.forward(ctx, List.of(x));
      assertEquals(layer.outputShape(), y.shape());
      return y;
    }
  }

  @Test
  void providesTheNotesSmallLayers() {
    assertEquals(Set.of("Relu", "Flatten", "Dropout", "Softmax", "SoftmaxCrossEntropy", "MulticlassSvm"),
        provider.types());
  }

  @Test
  void reluZeroesNegatives() {
    try (Volume y = forward("Relu", Shape.of(1, 4), new float[] {-2, 0.5f, 0, 3})) {
      assertArrayEquals(new float[] {0, 0.5f, 0, 3}, y.toArray());
    }
  }

  @Test
  void flattenKeepsRowMajorOrder() {
    float[] values = new TckRandom(1).uniform(2 * 3 * 2 * 2);
    try (Volume y = forward("Flatten", Shape.nchw(2, 3, 2, 2), values)) {
      assertEquals(Shape.of(2, 12), y.shape());
      assertArrayEquals(values, y.toArray());
    }
  }

  @Test
  void softmaxRowsAreProbabilities() {
    float[] scores = new TckRandom(2).uniform(3 * 4, -3f, 3f);
    double[] expected = new double[scores.length];
    for (int r = 0; r < 3; r++) {
      double sum = 0;
      for (int j = 0; j < 4; j++) {
        sum += Math.exp(scores[r * 4 + j]);
      }
      for (int j = 0; j < 4; j++) {
        expected[r * 4 + j] = Math.exp(scores[r * 4 + j]) / sum;
      }
    }
    try (Volume p = forward("Softmax", Shape.of(3, 4), scores)) {
      VolumeAssertions.assertClose(expected, p.toArray(), 1e-5, "softmax");
    }
  }

  @Test
  void softmaxNeedsClassScores() {
    ShapeException e = assertThrows(ShapeException.class,
        () -> provider.create("prob", LayerSpec.of("Softmax"), List.of(Shape.nchw(2, 3, 4, 4))));
    assertTrue(e.getMessage().startsWith("prob:") && e.getMessage().contains("[2, 3, 4, 4]"), e.getMessage());
  }

  @Test
  void unknownAttributesAndTypesAreRejected() {
    ConvoyException attribute = assertThrows(ConvoyException.class,
        () -> provider.create("drop", LayerSpec.of("Dropout").with("ratoi", 0.5f), List.of(Shape.of(2, 3))));
    assertTrue(attribute.getMessage().contains("drop") && attribute.getMessage().contains("[ratoi]")
        && attribute.getMessage().contains("ratio"), attribute.getMessage());
    ConvoyException relu = assertThrows(ConvoyException.class,
        () -> provider.create("r", LayerSpec.of("Relu").with("alpha", 0.1f), List.of(Shape.of(2, 3))));
    assertTrue(relu.getMessage().contains("[alpha]"), relu.getMessage());
    ConvoyException type = assertThrows(ConvoyException.class,
        () -> provider.create("x", LayerSpec.of("Gelu"), List.of(Shape.of(2, 3))));
    assertTrue(type.getMessage().contains("Gelu") && type.getMessage().contains("Relu"), type.getMessage());
  }

  @Test
  void wrongInputCountNamesTheNode() {
    ShapeException e = assertThrows(ShapeException.class,
        () -> provider.create("relu1", LayerSpec.of("Relu"), List.of(Shape.of(2, 3), Shape.of(2, 3))));
    assertTrue(e.getMessage().startsWith("relu1:") && e.getMessage().contains("got 2"), e.getMessage());
  }
}
