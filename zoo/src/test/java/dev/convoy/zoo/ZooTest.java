package dev.convoy.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.Shape;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.ProviderRegistry;
import org.junit.jupiter.api.Test;

class ZooTest {
  private static final ProviderRegistry REGISTRY = ProviderRegistry.load();

  @Test
  void lenetHasTheFixedDefinitionAndParameterCount() {
    Network net = Zoo.get("lenet").build(REGISTRY, 64);
    assertEquals(3_274_634, net.parameterCount());
    assertEquals(Shape.of(64, 10), net.shape(net.outputs().getFirst()));
    assertEquals("7x7x64", net.shape("maxpool2").toNotesString());
  }

  @Test
  void cifarSmallHasTheFixedDefinitionAndParameterCount() {
    Network net = Zoo.get("cifar-small").build(REGISTRY, 8);
    assertEquals(1_082_858, net.parameterCount());
    assertEquals("8x8x32", net.shape("maxpool2").toNotesString());
  }

  @Test
  void unknownNamesListTheZoo() {
    ConvoyException e = assertThrows(ConvoyException.class, () -> Zoo.get("resnet9000"));
    assertTrue(e.getMessage().contains("lenet, cifar-small"), e.getMessage());
  }
}
