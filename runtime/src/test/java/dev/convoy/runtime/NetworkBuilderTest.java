package dev.convoy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkBuilderTest {
  private static final ProviderRegistry REGISTRY = ProviderRegistry.load();
  private static final LayerSpec RELU = LayerSpec.of("Relu");

  @Test
  void theNotesExampleChainHasTheNotesShapes() {
    // INPUT[32x32x3] -> CONV(12 filters)[32x32x12] -> RELU -> POOL[16x16x12] -> FC[1x1x10]
    Network net = Sequential.input(REGISTRY, Shape.nchw(1, 3, 32, 32))
        .conv(12, 3, 1, 1).relu().maxPool(2, 2).fc(10).build();
    assertEquals(List.of("conv1", "relu1", "maxpool1", "fc1"), net.nodes().stream().map(Node::name).toList());
    assertEquals("32x32x12", net.shape("conv1").toNotesString());
    assertEquals("32x32x12", net.shape("relu1").toNotesString());
    assertEquals("16x16x12", net.shape("maxpool1").toNotesString());
    assertEquals("1x1x10", net.shape("fc1").toNotesString());
    assertEquals(List.of("fc1"), net.outputs());
    assertEquals(3 * 3 * 3 * 12 + 12 + 16 * 16 * 12 * 10 + 10, net.parameterCount());
  }

  @Test
  void nodesMayBeGivenInAnyOrderAndAreSortedTopologically() {
    Network net = Network.builder(REGISTRY)
        .node("b", RELU, "a")
        .node("a", RELU, "x")
        .input("x", Shape.of(2, 3))
        .build();
    assertEquals(List.of("a", "b"), net.nodes().stream().map(Node::name).toList());
    assertEquals(List.of("b"), net.outputs());
  }

  @Test
  void danglingInputsAreNamed() {
    ConvoyException e = assertThrows(ConvoyException.class, () -> Network.builder(REGISTRY)
        .input("x", Shape.of(2, 3)).node("a", RELU, "x").node("b", RELU, "nowhere").build());
    assertEquals("node 'b' reads 'nowhere', which is neither an input nor a node", e.getMessage());
  }

  @Test
  void cyclesAreRejectedNamingTheNodes() {
    ConvoyException e = assertThrows(ConvoyException.class, () -> Network.builder(REGISTRY)
        .input("x", Shape.of(2, 3)).node("a", RELU, "x").node("b", RELU, "c").node("c", RELU, "b").build());
    assertTrue(e.getMessage().contains("cycle through the nodes [b, c]"), e.getMessage());
  }

  @Test
  void duplicateNamesAreRejected() {
    ConvoyException e = assertThrows(ConvoyException.class,
        () -> Network.builder(REGISTRY).input("x", Shape.of(2, 3)).node("x", RELU, "x"));
    assertTrue(e.getMessage().contains("'x' is used twice"), e.getMessage());
  }

  @Test
  void badHyperparametersFailAtBuildTimeWithTheNotesArithmetic() {
    ShapeException e = assertThrows(ShapeException.class, () -> Sequential.input(REGISTRY, Shape.nchw(1, 3, 10, 10))
        .add("conv1", LayerSpec.of("Conv").with("filters", 4).with("kernel", 3).with("stride", 2)).build());
    assertTrue(e.getMessage().startsWith("conv1: (W - F + 2P)/S + 1 = (10 - 3 + 0)/2 + 1 = 4.5 is not an integer"),
        e.getMessage());
  }
}
