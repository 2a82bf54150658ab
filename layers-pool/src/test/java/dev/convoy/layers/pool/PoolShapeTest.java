package dev.convoy.layers.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Pooling output sizes from the notes, rounding modes and the errors for bad specs. */
class PoolShapeTest {
  private final PoolLayerProvider provider = new PoolLayerProvider();

  private Layer create(Shape input, LayerSpec spec) {
    return provider.create("pool1", spec, List.of(input));
  }

  @Test
  void providesThreeKindsAndTwoGlobalOnes() {
    assertEquals(Set.of("MaxPool", "AveragePool", "L2Pool", "GlobalAveragePool", "GlobalMaxPool"), provider.types());
  }

  @Test
  void vggPoolHalvesTheSize() {
    Layer layer = create(Shape.nchw(1, 64, 224, 224), LayerSpec.of("MaxPool").with("kernel", 2).with("stride", 2));
    assertEquals(Shape.nchw(1, 64, 112, 112), layer.outputShape());
    assertEquals("112x112x64", layer.outputShape().toNotesString());
    assertTrue(layer.parameters().isEmpty());
  }

  @Test
  void strideDefaultsToTheKernel() {
    // the notes' CONV example: [32x32x12] -> POOL 2 -> [16x16x12]
    Layer layer = create(Shape.nchw(4, 12, 32, 32), LayerSpec.of("MaxPool").with("kernel", 2));
    assertEquals(Shape.nchw(4, 12, 16, 16), layer.outputShape());
  }

  @Test
  void inexactSizeIsRejectedWithTheArithmetic() {
    ShapeException e = assertThrows(ShapeException.class,
        () -> create(Shape.nchw(1, 1, 5, 5), LayerSpec.of("AveragePool").with("kernel", 2)));
    assertTrue(e.getMessage().startsWith("pool1: (W - F + 2P)/S + 1 = (5 - 2 + 0)/2 + 1 = 2.5 is not an integer"),
        e.getMessage());
  }

  @Test
  void floorAndCeilRounding() {
    LayerSpec spec = LayerSpec.of("MaxPool").with("kernel", 2);
    assertEquals(Shape.nchw(1, 1, 2, 2), create(Shape.nchw(1, 1, 5, 5), spec.with("round", "floor")).outputShape());
    assertEquals(Shape.nchw(1, 1, 3, 3), create(Shape.nchw(1, 1, 5, 5), spec.with("round", "ceil")).outputShape());
  }

  @Test
  void overlappingPoolOfTheNotes() {
    // AlexNet: 55x55x96 -> F=3, S=2 -> 27x27x96
    Layer layer = create(Shape.nchw(1, 96, 55, 55), LayerSpec.of("MaxPool").with("kernel", 3).with("stride", 2));
    assertEquals(Shape.nchw(1, 96, 27, 27), layer.outputShape());
  }

  @Test
  void paddingMustBeSmallerThanTheWindow() {
    ShapeException e = assertThrows(ShapeException.class,
        () -> create(Shape.nchw(1, 1, 6, 6), LayerSpec.of("MaxPool").with("kernel", 2).with("pad", 2)));
    assertTrue(e.getMessage().startsWith("pool1:") && e.getMessage().contains("smaller"), e.getMessage());
  }

  @Test
  void countIncludePadIsOnlyForAveragePooling() {
    ConvoyException e = assertThrows(ConvoyException.class, () -> create(Shape.nchw(1, 1, 4, 4),
        LayerSpec.of("MaxPool").with("kernel", 2).with("count_include_pad", 1)));
    assertTrue(e.getMessage().contains("pool1") && e.getMessage().contains("[count_include_pad]")
        && e.getMessage().contains("stride"), e.getMessage());
    create(Shape.nchw(1, 1, 4, 4), LayerSpec.of("AveragePool").with("kernel", 2).with("count_include_pad", 1));
  }

  @Test
  void unknownAttributeFailsListingTheKnownOnes() {
    ConvoyException e = assertThrows(ConvoyException.class,
        () -> create(Shape.nchw(1, 1, 4, 4), LayerSpec.of("L2Pool").with("kernal", 2)));
    assertTrue(e.getMessage().contains("[kernal]") && e.getMessage().contains("kernel"), e.getMessage());
  }

  @Test
  void missingKernelIsNamed() {
    ConvoyException e = assertThrows(ConvoyException.class, () -> create(Shape.nchw(1, 1, 4, 4), LayerSpec.of("MaxPool")));
    assertTrue(e.getMessage().startsWith("pool1:") && e.getMessage().contains("'kernel'"), e.getMessage());
  }

  @Test
  void wrongInputCountAndRankNameTheNode() {
    LayerSpec spec = LayerSpec.of("MaxPool").with("kernel", 2);
    ShapeException count = assertThrows(ShapeException.class, () -> provider.create("pool1", spec, List.of()));
    assertTrue(count.getMessage().startsWith("pool1:") && count.getMessage().contains("got 0"), count.getMessage());
    ShapeException rank = assertThrows(ShapeException.class, () -> create(Shape.of(2, 10), spec));
    assertTrue(rank.getMessage().startsWith("pool1:") && rank.getMessage().contains("rank 2"), rank.getMessage());
  }
}
