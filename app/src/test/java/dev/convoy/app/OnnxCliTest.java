package dev.convoy.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.app.train.ModelMetadata;
import dev.convoy.data.Normalization;
import dev.convoy.formats.onnx.OnnxExporter;
import dev.convoy.formats.onnx.OnnxImporter;
import dev.convoy.formats.proto.ConvoyCheckpoint;
import dev.convoy.formats.proto.LoadedCheckpoint;
import dev.convoy.formats.proto.TrainingState;
import dev.convoy.runtime.BackendSelector;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.ProviderRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code convoy convert} between .convoy and .onnx, and the commands that take an .onnx MODEL. */
class OnnxCliTest {
  private static final ProviderRegistry REGISTRY = ProviderRegistry.load();
  private static final Backend BACKEND = new BackendSelector(REGISTRY).select("reference").open();
  private static final Map<String, String> METADATA = new ModelMetadata("small", "tiny", List.of("a", "b", "c"),
      Normalization.of(new float[] {0.5f}, new float[] {0.25f})).toMap();

  @TempDir
  Path dir;
  private Path convoy;

  @AfterAll
  static void close() {
    BACKEND.close();
  }

  @BeforeEach
  void saveTrainedModel() {
    convoy = dir.resolve("small.convoy");
    try (Model model = RunCommandTest.smallModel(2)) {
      ConvoyCheckpoint.write(convoy, model, METADATA, TrainingState.start(3));
    }
  }

  private static CliRun cli(String... args) {
    return CliRun.run(CliRun.realProviders(), args);
  }

  private static float[] scores(Model model, long seed) {
    Shape shape = model.network().inputs().getFirst().shape();
    Random random = new Random(seed);
    float[] x = new float[shape.intSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    String out = model.network().outputs().getFirst();
    try (Volume in = BACKEND.upload(shape, x);
        Volume y = model.infer(Map.of(model.network().inputs().getFirst().name(), in), List.of(out)).get(out)) {
      return y.toArray();
    }
  }

  @Test
  void convoyToOnnxAndBackKeepsWeightsOutputsAndMetadata() {
    Path onnx = dir.resolve("small.onnx");
    CliRun toOnnx = cli("convert", convoy.toString(), onnx.toString());
    assertEquals(0, toOnnx.exitCode(), toOnnx.transcript());
    assertTrue(toOnnx.out().contains("as ONNX opset 13"), toOnnx.out());
    var imported = OnnxImporter.read(onnx, REGISTRY, 3);
    assertEquals("a\nb\nc", imported.metadata().get("class_names"));
    assertEquals("small.convoy", imported.metadata().get("converted_from"));

    Path back = dir.resolve("back.convoy");
    CliRun toConvoy = cli("convert", onnx.toString(), back.toString(), "--backend", "reference");
    assertEquals(0, toConvoy.exitCode(), toConvoy.transcript());
    LoadedCheckpoint reread = ConvoyCheckpoint.read(back, REGISTRY);
    assertEquals("a\nb\nc", reread.metadata().get("class_names"));
    assertEquals("small.onnx", reread.metadata().get("converted_from"));

    try (Model original = ConvoyCheckpoint.read(convoy, REGISTRY).toModel(BACKEND, 3);
        Model viaOnnx = imported.toModel(BACKEND);
        Model roundTrip = reread.toModel(BACKEND, 3)) {
      float[] want = scores(original, 9);
      assertArrayEquals(want, scores(viaOnnx, 9), 1e-5f);
      assertArrayEquals(want, scores(roundTrip, 9), 1e-5f);
    }
  }

  @Test
  void sameOrUnknownExtensionsExitTwoNamingTheSupportedOnes() {
    for (String out : List.of("other.convoy", "model.pt")) {
      CliRun run = cli("convert", convoy.toString(), dir.resolve(out).toString());
      assertEquals(2, run.exitCode(), run.transcript());
      assertEquals(1, run.err().lines().count(), run.transcript());
      assertTrue(run.err().contains(".convoy, .onnx"), run.transcript());
      assertFalse(Files.exists(dir.resolve(out)));
    }
  }

  @Test
  void summaryBenchEvalAndPredictTakeOnnx() throws Exception {
    Path onnx = dir.resolve("small.onnx");
    assertEquals(0, cli("convert", convoy.toString(), onnx.toString()).exitCode());

    CliRun summary = cli("summary", onnx.toString());
    assertEquals(0, summary.exitCode(), summary.transcript());
    assertTrue(summary.out().startsWith("small.onnx: 16x16x1 input"), summary.out());
    // The same layers as the checkpoint's, plus the Flatten that ONNX's Gemm needs before an FC on a volume.
    List<String> fromConvoy = cli("summary", convoy.toString()).out().lines().skip(1)
        .filter(l -> l.contains("weights:") && !l.contains("TOTAL")).toList();
    List<String> fromOnnx = summary.out().lines().skip(1)
        .filter(l -> l.contains("weights:") && !l.contains("TOTAL") && !l.startsWith("FLATTEN")).toList();
    assertEquals(fromConvoy.stream().map(l -> l.replaceAll("weights: .*", "")).toList(),
        fromOnnx.stream().map(l -> l.replaceAll("weights: .*", "")).toList());
    assertTrue(summary.out().contains("TOTAL params: 639 parameters"), summary.out());

    CliRun bench = cli("bench", onnx.toString(), "--warmup", "0", "--iters", "1", "--batch", "2", "--backend",
        "reference");
    assertEquals(0, bench.exitCode(), bench.transcript());
    assertTrue(bench.out().strip().lines().reduce((a, b) -> b).orElseThrow().startsWith("median_ms="), bench.out());

    Path image = dir.resolve("class1.png");
    TinyIdxData.writePng(image, 1);
    CliRun predicted = cli("predict", onnx.toString(), image.toString(), "--backend", "reference");
    assertEquals(0, predicted.exitCode(), predicted.transcript());
    CliRun predictedByCheckpoint = cli("predict", convoy.toString(), image.toString(), "--backend", "reference");
    assertEquals(predictedByCheckpoint.out(), predicted.out().replace(onnx.toString(), convoy.toString()));
    assertTrue(predicted.out().contains("  a "), predicted.out());
  }

  @Test
  void onnxWithoutConvoyMetadataCannotBeEvaluated() throws Exception {
    Path bare = dir.resolve("bare.onnx");
    try (Model model = RunCommandTest.smallModel(1)) {
      OnnxExporter.write(bare, model, Map.of());
    }
    Path image = dir.resolve("x.png");
    TinyIdxData.writePng(image, 1);
    for (String[] args : List.of(new String[] {"eval", bare.toString(), "--data", dir.toString()},
        new String[] {"predict", bare.toString(), image.toString()})) {
      CliRun run = cli(args);
      assertEquals(2, run.exitCode(), run.transcript());
      assertEquals(1, run.err().lines().count(), run.transcript());
      assertTrue(run.err().contains("carries no Convoy metadata_props (class_names"), run.transcript());
    }
  }
}
