package dev.convoy.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.formats.proto.ConvoyCheckpoint;
import dev.convoy.formats.proto.LoadedCheckpoint;
import dev.convoy.formats.proto.TrainingState;
import dev.convoy.runtime.BackendSelector;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.ProviderRegistry;
import dev.convoy.runtime.Sequential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvertCommandTest {
  private static final ProviderRegistry REGISTRY = ProviderRegistry.load();

  /** A 16x16x1 classifier saved as convoy train saves one: 16 -> 14 (CONV3) -> 7 (POOL2) -> FC-6 -> FC-3. */
  private static Path savedModel(Path dir) {
    Network net = Sequential.input(REGISTRY, Shape.nchw(2, 1, 16, 16))
        .conv(4, 3, 1, 0).relu().maxPool(2, 2).add("flatten", LayerSpec.of("Flatten")).fc(6).relu().fc(3)
        .build().withLoss(REGISTRY, LayerSpec.of("SoftmaxCrossEntropy"));
    Path file = dir.resolve("small.convoy");
    try (Backend backend = new BackendSelector(REGISTRY).select("reference").open();
        Model model = Model.create(net, backend, 3)) {
      ConvoyCheckpoint.write(file, model, Map.of("class_names", "a\nb\nc"), new TrainingState(2, 40, 3));
    }
    return file;
  }

  @Test
  void fcLayersBecomeConvsAndTheMapScoresEveryCrop(@TempDir Path dir) {
    Path in = savedModel(dir);
    Path out = dir.resolve("small-fcn.convoy");
    CliRun run = CliRun.run(CliRun.realProviders(), "convert", in.toString(), out.toString(), "--fully-convolutional",
        "--input", "24x24x1", "--backend", "reference");
    assertEquals(0, run.exitCode(), run.transcript());
    assertTrue(run.out().contains("(fc1 -> CONV7-6, fc2 -> CONV1-3)"), run.out());
    assertTrue(run.out().contains("a 24x24x1 input gives a 5x5x3 score map: the 16x16 net applied every 2 pixels"
        + " (25 positions)"), run.out());

    LoadedCheckpoint original = ConvoyCheckpoint.read(in, REGISTRY);
    LoadedCheckpoint converted = ConvoyCheckpoint.read(out, REGISTRY);
    Network net = converted.network();
    assertEquals(List.of("Conv", "Relu", "MaxPool", "Conv", "Relu", "Conv"),
        net.nodes().stream().map(n -> n.spec().type()).toList());
    assertEquals(Shape.nchw(1, 3, 5, 5), net.shape("fc2"));
    assertEquals("a\nb\nc", converted.metadata().get("class_names"));
    assertEquals("small.convoy", converted.metadata().get("fully_convolutional_from"));
    assertEquals(new TrainingState(2, 40, 3), converted.trainingState().orElseThrow());
    for (String name : original.parameters().keySet()) {
      assertArrayEquals(original.parameter(name).values(), converted.parameter(name).values(), name);
    }

    // The map's corner is the original net on the top-left 16x16 crop; its far corner, on the bottom-right one.
    float[] image = new float[24 * 24];
    Random random = new Random(1);
    for (int i = 0; i < image.length; i++) {
      image[i] = (float) random.nextGaussian();
    }
    try (Backend backend = new BackendSelector(REGISTRY).select("reference").open();
        Model small = original.toModel(backend, 1);
        Model fcn = converted.toModel(backend, 1);
        Volume large = backend.upload(Shape.nchw(1, 1, 24, 24), image);
        Volume map = fcn.infer(Map.of("data", large), List.of("fc2")).get("fc2")) {
      float[] scores = map.toArray();
      for (int corner : new int[] {0, 4}) {
        try (Volume crop = backend.upload(Shape.nchw(1, 1, 16, 16), crop(image, 24, 2 * corner, 16));
            Volume expected = small.infer(Map.of("data", crop), List.of("fc2")).get("fc2")) {
          float[] want = expected.toArray();
          for (int k = 0; k < 3; k++) {
            assertEquals(want[k], scores[k * 25 + corner * 5 + corner], 1e-4f, "class " + k + " at " + corner);
          }
        }
      }
    }
  }

  private static float[] crop(float[] image, int width, int offset, int size) {
    float[] out = new float[size * size];
    for (int y = 0; y < size; y++) {
      System.arraycopy(image, (offset + y) * width + offset, out, y * size, size);
    }
    return out;
  }

  @Test
  void withoutTheFlagTheSameFormatIsAMistake(@TempDir Path dir) {
    Path in = savedModel(dir);
    CliRun run = CliRun.run(CliRun.realProviders(), "convert", in.toString(), dir.resolve("m.convoy").toString());
    assertEquals(2, run.exitCode(), run.transcript());
    assertTrue(run.err().contains("IN and OUT are both .convoy files"), run.transcript());
    assertFalse(Files.exists(dir.resolve("m.convoy")));
  }

  @Test
  void badFilesAndSizesExitTwo(@TempDir Path dir) {
    Path in = savedModel(dir);
    String out = dir.resolve("out.convoy").toString();
    for (String[] args : List.of(
        new String[] {"convert", in.toString(), dir.resolve("out.onnx").toString(), "--fully-convolutional"},
        new String[] {"convert", dir.resolve("none.convoy").toString(), out, "--fully-convolutional"},
        new String[] {"convert", in.toString(), out, "--fully-convolutional", "--input", "25x25x1"},
        new String[] {"convert", in.toString(), out, "--fully-convolutional", "--input", "24x24x3"})) {
      CliRun run = CliRun.run(CliRun.realProviders(), args);
      assertEquals(2, run.exitCode(), String.join(" ", args) + "\n" + run.transcript());
      assertEquals(1, run.err().lines().count(), run.transcript());
    }
    assertFalse(Files.exists(Path.of(out)));
  }
}
