package dev.convoy.app.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.formats.proto.ConvoyCheckpoint;
import dev.convoy.formats.proto.TrainingState;
import dev.convoy.runtime.BackendSelector;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.ProviderRegistry;
import dev.convoy.runtime.Sequential;
import dev.convoy.zoo.ZooModel;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --model FILE.convoy}: the saved network, without its loss, starting from its saved weights. */
class StartingModelTest {
  private static final ProviderRegistry REGISTRY = ProviderRegistry.load();

  @TempDir
  Path dir;

  /** INPUT 8x8x1 -> CONV3-2 -> RELU -> FC-3, saved as convoy train saves: with its loss node. */
  private Path saveTrainingNet(Backend backend) {
    Network net = Sequential.input(REGISTRY, Shape.nchw(5, 1, 8, 8)).conv(2, 3, 1, 1).relu().fc(3).build()
        .withLoss(REGISTRY, LayerSpec.of("SoftmaxCrossEntropy"));
    Path file = dir.resolve("small.convoy");
    try (Model model = Model.create(net, backend, 9)) {
      ConvoyCheckpoint.write(file, model, Map.of(), new TrainingState(1, 10, 9));
    }
    return file;
  }

  @Test
  void aFileGivesItsNetworkWithoutTheLossForAnyBatchSizeAndItsWeights() {
    try (Backend backend = new BackendSelector(REGISTRY, k -> null, k -> null).select("reference").open()) {
      Path file = saveTrainingNet(backend);

      StartingModel start = StartingModel.of(file.toString(), REGISTRY);
      ZooModel architecture = start.architecture();

      assertEquals("small", architecture.name());
      assertEquals(Shape.of(1, 8, 8), architecture.inputItem());
      assertEquals(3, architecture.classes());
      Network net = architecture.build(REGISTRY, 7);
      assertEquals(Shape.nchw(7, 1, 8, 8), net.inputs().getFirst().shape());
      assertTrue(net.nodes().stream().noneMatch(n -> n.name().equals(Network.LOSS)), "the loss is --loss's to add");
      assertEquals(1, net.inputs().size(), "no labels input");

      try (Model fresh = Model.create(net, backend, 12345)) {
        start.loadWeights(fresh);
        float[] saved = ConvoyCheckpoint.read(file, REGISTRY).parameter("conv1.weight").values();
        assertArrayEquals(saved, fresh.parameter("conv1.weight").value().toArray(), "saved, not seeded, weights");
      }
      ConvoyException e = assertThrows(ConvoyException.class,
          () -> architecture.build(REGISTRY, Shape.nchw(7, 1, 16, 16)));
      assertTrue(e.getMessage().contains("takes 8x8x1 images, not 16x16x1"), e.getMessage());
    }
  }

  @Test
  void aZooNameIsTheZooModelAndAMissingFileIsNamed() {
    assertEquals("lenet", StartingModel.of("lenet", REGISTRY).architecture().name());
    ConvoyException e = assertThrows(ConvoyException.class,
        () -> StartingModel.of(dir.resolve("none.convoy").toString(), REGISTRY));
    assertEquals("no model file " + dir.resolve("none.convoy"), e.getMessage());
  }
}
