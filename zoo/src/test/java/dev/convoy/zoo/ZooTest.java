package dev.convoy.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.ProviderRegistry;
import java.util.List;
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
  void theNotesFirstExampleHasTheNotesVolumes() {
    // INPUT[32x32x3] -> CONV(12 filters)[32x32x12] -> RELU[32x32x12] -> POOL[16x16x12] -> FC[1x1x10]
    Network net = Zoo.get("cifar-notes").build(REGISTRY, 1);
    assertEquals(List.of("32x32x12", "32x32x12", "16x16x12", "1x1x10"),
        net.nodes().stream().map(n -> n.outputShape().toNotesString()).toList());
  }

  @Test
  void everyModelBuildsForItsOwnImageAndScoresItsClasses() {
    for (ZooModel model : Zoo.models()) {
      Network net = model.build(REGISTRY, 2);
      assertEquals(model.inputShape(2), net.inputs().getFirst().shape(), model.name());
      assertEquals(Shape.of(2, model.classes()), net.shape(net.outputs().getFirst()), model.name());
    }
  }

  @Test
  void modelsBuildForOtherSizesOrSayWhyNot() {
    Network resnet = Zoo.get("resnet18").build(REGISTRY, Shape.nchw(1, 3, 64, 64));
    assertEquals("2x2x512", resnet.shape("layer4.1.relu2").toNotesString());
    // VGG's FC-4096 follows the volume: 12x12x512 at 384x384.
    Network vgg = Zoo.get("vgg16").build(REGISTRY, Shape.nchw(1, 3, 384, 384));
    assertEquals(12L * 12 * 512 * 4096 + 4096, vgg.node("fc6").parameterCount());
    ShapeException e = assertThrows(ShapeException.class,
        () -> Zoo.get("vgg16").build(REGISTRY, Shape.nchw(1, 3, 225, 225)));
    assertTrue(e.getMessage().contains("is not an integer"), e.getMessage());
  }

  @Test
  void unknownNamesListTheZoo() {
    ConvoyException e = assertThrows(ConvoyException.class, () -> Zoo.get("resnet9000"));
    assertTrue(e.getMessage().contains("lenet, cifar-small"), e.getMessage());
    assertTrue(e.getMessage().contains("vgg16") && e.getMessage().contains("resnet50"), e.getMessage());
  }
}
