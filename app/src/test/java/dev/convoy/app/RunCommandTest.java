package dev.convoy.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.formats.onnx.Npy;
import dev.convoy.formats.onnx.OnnxExporter;
import dev.convoy.formats.proto.ConvoyCheckpoint;
import dev.convoy.formats.proto.TrainingState;
import dev.convoy.runtime.BackendSelector;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.ProviderRegistry;
import dev.convoy.runtime.Sequential;
import dev.convoy.zoo.Zoo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code convoy run}: the .npy written by the CLI holds what the same model computes in this JVM. */
class RunCommandTest {
  private static final ProviderRegistry REGISTRY = ProviderRegistry.load();
  private static final Backend BACKEND = new BackendSelector(REGISTRY).select("reference").open();

  @TempDir
  Path dir;

  @AfterAll
  static void close() {
    BACKEND.close();
  }

  /** 16x16x1 -> CONV3-4 -> BN -> RELU -> POOL2 -> FC-3, with its training loss, random weights from seed 3. */
  static Model smallModel(int batch) {
    Network net = Sequential.input(REGISTRY, Shape.nchw(batch, 1, 16, 16))
        .conv(4, 3, 1, 0).add("bn", LayerSpec.of("BatchNorm")).relu().maxPool(2, 2).fc(3)
        .build().withLoss(REGISTRY, LayerSpec.of("SoftmaxCrossEntropy"));
    return Model.create(net, BACKEND, 3);
  }

  private Path npy(String name, Shape shape, long seed) {
    Random random = new Random(seed);
    float[] x = new float[shape.intSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    Path file = dir.resolve(name);
    Npy.write(file, shape, x);
    return file;
  }

  /** The first output of {@code model} on the array in {@code input}. */
  private static float[] expected(Model model, Path input) {
    Npy.Array x = Npy.read(input);
    String out = model.network().outputs().getFirst();
    try (Volume in = BACKEND.upload(x.shape(), x.values());
        Volume y = model.infer(Map.of(model.network().inputs().getFirst().name(), in), List.of(out)).get(out)) {
      return y.toArray();
    }
  }

  private CliRun run(String model, Path input, Path output) {
    return CliRun.run(CliRun.realProviders(), "run", model, "--input", input.toString(), "--output",
        output.toString(), "--backend", "reference");
  }

  @Test
  void convoyCheckpointRunsAtTheInputsBatchSize() {
    Path file = dir.resolve("small.convoy");
    try (Model saved = smallModel(2)) {
      ConvoyCheckpoint.write(file, saved, Map.of(), TrainingState.start(3));
    }
    Path x = npy("x.npy", Shape.nchw(5, 1, 16, 16), 1);
    Path y = dir.resolve("y.npy");
    CliRun run = run(file.toString(), x, y);
    assertEquals(0, run.exitCode(), run.transcript());
    assertTrue(run.out().startsWith("wrote " + y), run.out());
    Npy.Array result = Npy.read(y);
    assertEquals(Shape.of(5, 3), result.shape());
    try (Model at5 = ConvoyCheckpoint.read(file, REGISTRY).toModel(BACKEND, 5)) {
      assertArrayEquals(expected(at5, x), result.values(), 1e-6f);
    }
  }

  @Test
  void onnxFileRunsWithTheExportedWeights() {
    Path file = dir.resolve("small.onnx");
    Path x = npy("x.npy", Shape.nchw(2, 1, 16, 16), 2);
    Path y = dir.resolve("y.npy");
    float[] want;
    try (Model model = smallModel(2)) {
      OnnxExporter.write(file, model, Map.of());
      want = expected(model, x);
    }
    CliRun run = run(file.toString(), x, y);
    assertEquals(0, run.exitCode(), run.transcript());
    assertArrayEquals(want, Npy.read(y).values(), 1e-5f);
  }

  @Test
  void zooModelRunsUntrainedFromTheSeed() {
    Path x = npy("x.npy", Shape.nchw(2, 1, 28, 28), 3);
    Path y = dir.resolve("y.npy");
    CliRun run = CliRun.run(CliRun.realProviders(), "run", "lenet", "--input", x.toString(), "--output", y.toString(),
        "--backend", "reference", "--seed", "4");
    assertEquals(0, run.exitCode(), run.transcript());
    try (Model lenet = Model.create(Zoo.get("lenet").build(REGISTRY, 2), BACKEND, 4)) {
      assertArrayEquals(expected(lenet, x), Npy.read(y).values(), 1e-6f);
    }
  }

  @Test
  void wrongInputShapeIsOneLineAndExitTwo() throws Exception {
    Path file = dir.resolve("small.convoy");
    try (Model saved = smallModel(1)) {
      ConvoyCheckpoint.write(file, saved, Map.of(), TrainingState.start(3));
    }
    Path y = dir.resolve("y.npy");
    Files.writeString(dir.resolve("text.npy"), "not numpy");
    for (Path x : List.of(npy("rgb.npy", Shape.nchw(2, 3, 16, 16), 1), npy("flat.npy", Shape.of(2, 256), 1),
        dir.resolve("missing.npy"), dir.resolve("text.npy"))) {
      CliRun run = run(file.toString(), x, y);
      assertEquals(2, run.exitCode(), run.transcript());
      assertEquals(1, run.err().lines().count(), run.transcript());
    }
    assertTrue(run(file.toString(), dir.resolve("rgb.npy"), y).err()
        .contains("has shape [2, 3, 16, 16] but " + file + " takes [N, 1, 16, 16]"));
    assertFalse(Files.exists(y), "no output after a failure");
    assertEquals(2, run("resnet9000", dir.resolve("rgb.npy"), y).exitCode());
  }
}
