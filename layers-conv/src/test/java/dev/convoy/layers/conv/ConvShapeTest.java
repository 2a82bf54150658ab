package dev.convoy.layers.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.ParamSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The notes' output-size arithmetic, parameter counts and the errors for bad specs. */
class ConvShapeTest {
  private final ConvLayerProvider provider = new ConvLayerProvider();

  private Layer create(Shape input, LayerSpec spec) {
    return provider.create("conv1", spec, List.of(input));
  }

  private static LayerSpec conv(int filters, int kernel) {
    return LayerSpec.of("Conv").with("filters", filters).with("kernel", kernel);
  }

  private static long parameterCount(Layer layer) {
    return layer.parameters().stream().mapToLong(p -> p.shape().size()).sum();
  }

  @Test
  void rejectsTheNotesInvalidHyperparametersWithTheArithmetic() {
    ShapeException e = assertThrows(ShapeException.class,
        () -> create(Shape.nchw(1, 3, 10, 10), conv(2, 3).with("stride", 2)));
    assertTrue(e.getMessage().startsWith("conv1: (W - F + 2P)/S + 1 = (10 - 3 + 0)/2 + 1 = 4.5 is not an integer"),
        e.getMessage());
  }

  @Test
  void floorRoundingDropsTheLeftoverAsPyTorchDoes() {
    Layer layer = create(Shape.nchw(1, 3, 10, 10), conv(2, 3).with("stride", 2).with("round", "floor"));
    assertEquals(Shape.nchw(1, 2, 4, 4), layer.outputShape());
  }

  @Test
  void ceilRoundingIsOnlyForPooling() {
    ConvoyException e = assertThrows(ConvoyException.class,
        () -> create(Shape.nchw(1, 3, 10, 10), conv(2, 3).with("round", "ceil")));
    assertTrue(e.getMessage().contains("conv1"), e.getMessage());
  }

  @Test
  void alexNetConv1() {
    Layer layer = create(Shape.nchw(2, 3, 227, 227), conv(96, 11).with("stride", 4));
    assertEquals(Shape.nchw(2, 96, 55, 55), layer.outputShape());
    assertEquals(96 * 11 * 11 * 3 + 96, parameterCount(layer));
    assertEquals(34_944, parameterCount(layer));
    ParamSpec weight = layer.parameters().get(0);
    assertEquals("weight", weight.name());
    assertEquals(Shape.nchw(96, 3, 11, 11), weight.shape());
  }

  @Test
  void notesWorkedExampleGivesFourByFour() {
    // X.shape (11, 11, 4), F=5, S=2, P=0
    assertEquals(Shape.nchw(1, 1, 4, 4), create(Shape.nchw(1, 4, 11, 11), conv(1, 5).with("stride", 2)).outputShape());
  }

  @Test
  void notesDemoGivesThreeByThreeByTwo() {
    Layer layer = create(Shape.nchw(1, 3, 5, 5), conv(2, 3).with("stride", 2).with("pad", 1));
    assertEquals(Shape.nchw(1, 2, 3, 3), layer.outputShape());
    assertEquals(3 * 3 * 3 * 2 + 2, parameterCount(layer));
  }

  @Test
  void notesExampleConvKeepsThirtyTwoByThirtyTwo() {
    // INPUT [32x32x3] -> CONV 12 filters, F=3, P=1 -> [32x32x12]
    Layer layer = create(Shape.nchw(4, 3, 32, 32), conv(12, 3).with("pad", 1));
    assertEquals(Shape.nchw(4, 12, 32, 32), layer.outputShape());
    assertEquals("32x32x12", layer.outputShape().toNotesString());
  }

  @Test
  void dilationWidensTheWindow() {
    // dilation 2 turns a 3-tap filter into a 5-wide window: (9 - 5)/1 + 1 = 5
    assertEquals(Shape.nchw(1, 1, 5, 5), create(Shape.nchw(1, 1, 9, 9), conv(1, 3).with("dilation", 2)).outputShape());
  }

  @Test
  void groupsSplitTheFilterDepth() {
    Layer layer = create(Shape.nchw(1, 4, 5, 5), conv(6, 3).with("groups", 2));
    assertEquals(Shape.nchw(6, 2, 3, 3), layer.parameters().get(0).shape());
  }

  @Test
  void groupsMustDivideDepthAndFilters() {
    ShapeException e = assertThrows(ShapeException.class,
        () -> create(Shape.nchw(1, 3, 5, 5), conv(6, 3).with("groups", 2)));
    assertTrue(e.getMessage().contains("conv1") && e.getMessage().contains("C=3"), e.getMessage());
  }

  @Test
  void unknownAttributeFailsListingTheKnownOnes() {
    ConvoyException e = assertThrows(ConvoyException.class,
        () -> create(Shape.nchw(1, 3, 8, 8), conv(2, 3).with("strde", 2)));
    assertTrue(e.getMessage().contains("conv1"), e.getMessage());
    assertTrue(e.getMessage().contains("[strde]"), e.getMessage());
    assertTrue(e.getMessage().contains("stride") && e.getMessage().contains("dilation"), e.getMessage());
  }

  @Test
  void missingFiltersOrKernelIsNamed() {
    ConvoyException noFilters = assertThrows(ConvoyException.class,
        () -> create(Shape.nchw(1, 3, 8, 8), LayerSpec.of("Conv").with("kernel", 3)));
    assertTrue(noFilters.getMessage().contains("conv1") && noFilters.getMessage().contains("'filters'"));
    ConvoyException noKernel = assertThrows(ConvoyException.class,
        () -> create(Shape.nchw(1, 3, 8, 8), LayerSpec.of("Conv").with("filters", 3)));
    assertTrue(noKernel.getMessage().contains("'kernel'"), noKernel.getMessage());
  }

  @Test
  void badPadListIsRejected() {
    ConvoyException e = assertThrows(ConvoyException.class,
        () -> create(Shape.nchw(1, 3, 8, 8), conv(2, 3).with("pad", 1, 1, 1)));
    assertTrue(e.getMessage().contains("conv1") && e.getMessage().contains("[1, 1, 1]"), e.getMessage());
  }

  @Test
  void wrongInputCountNamesTheNode() {
    ShapeException e = assertThrows(ShapeException.class,
        () -> provider.create("conv1", conv(2, 3), List.of(Shape.nchw(1, 3, 8, 8), Shape.nchw(1, 3, 8, 8))));
    assertTrue(e.getMessage().startsWith("conv1:") && e.getMessage().contains("got 2"), e.getMessage());
  }

  @Test
  void wrongRankNamesTheNodeAndTheShape() {
    ShapeException e = assertThrows(ShapeException.class, () -> create(Shape.of(3, 32, 32), conv(2, 3)));
    assertTrue(e.getMessage().startsWith("conv1:") && e.getMessage().contains("[3, 32, 32]")
        && e.getMessage().contains("rank 3"), e.getMessage());
  }
}
