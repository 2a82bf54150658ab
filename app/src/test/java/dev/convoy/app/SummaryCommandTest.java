package dev.convoy.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.formats.proto.ConvoyCheckpoint;
import dev.convoy.formats.proto.TrainingState;
import dev.convoy.runtime.BackendSelector;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.ProviderRegistry;
import dev.convoy.runtime.Sequential;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryCommandTest {

  private static CliRun summary(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "summary";
    System.arraycopy(args, 0, all, 1, args.length);
    return CliRun.run(CliRun.realProviders(), all);
  }

  private static List<String> lines(CliRun run) {
    return run.out().lines().toList();
  }

  private static String normalized(String line) {
    return line.strip().replaceAll("\\s+", " ");
  }

  /** The line that starts with {@code prefix} (whitespace normalized). */
  private static String line(CliRun run, String prefix) {
    return lines(run).stream().map(SummaryCommandTest::normalized).filter(l -> l.startsWith(prefix)).findFirst()
        .orElseThrow(() -> new AssertionError("no line starting with '" + prefix + "' in\n" + run.transcript()));
  }

  /**
   * The notes' VGG-16 table, copied verbatim into cs231n-vgg16-table.txt, row by row: label, volume,
   * memory with its rounding, and weights with their arithmetic. Each printed row adds the node.
   */
  @Test
  void vgg16ReproducesTheNotesTableRowByRow() throws IOException {
    List<String> notes;
    try (InputStream in = getClass().getResourceAsStream("/cs231n-vgg16-table.txt")) {
      notes = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(SummaryCommandTest::normalized).toList();
    }
    CliRun run = summary("vgg16");
    assertEquals(0, run.exitCode(), run.transcript());
    List<String> out = lines(run);
    assertEquals("vgg16: 224x224x3 input", out.get(0));
    List<String> rows = out.subList(2, 2 + notes.size()).stream().map(SummaryCommandTest::normalized).toList();
    for (int i = 0; i < notes.size(); i++) {
      assertTrue(rows.get(i).startsWith(notes.get(i) + " "), "row " + (i + 1) + "\n  notes: " + notes.get(i)
          + "\n  convoy: " + rows.get(i));
    }
    assertEquals("", out.get(2 + notes.size()), "22 rows, as in the notes");
    assertTrue(rows.get(1).endsWith("conv1_1 +RELU"), rows.get(1));
    assertTrue(rows.get(19).endsWith("fc6 +RELU +DROPOUT"), rows.get(19));
  }

  /**
   * The notes print "TOTAL memory: 24M * 4 bytes ~= 93MB / image" under that table, but its own rows
   * add up to 15,237,608 values (15.2M, 58.1 MB); Convoy prints the sum of the rows. The parameter
   * total, 138M, is the notes' own.
   */
  @Test
  void vgg16TotalsAreTheSumsOfItsRows() {
    CliRun run = summary("vgg16");
    assertEquals("TOTAL memory: 15.2M * 4 bytes ~= 58.1 MB / image (only forward! ~*2 for bwd)",
        line(run, "TOTAL memory:"));
    assertEquals("TOTAL params: 138M parameters", line(run, "TOTAL params:"));
    assertEquals("activations: 15,237,608 values per image (58.1 MB forward, 116.3 MB with backward)",
        line(run, "activations:"));
    assertEquals("parameters: 138,344,128 weights + 13,416 biases = 138,357,544", line(run, "parameters:"));
  }

  /** params + gradients + optimizer state + activations x 2 x batch, in float32. */
  @Test
  void trainingMemoryCountsTheOptimizersStateAndTheBatch() {
    long parameters = 138_357_544L;
    long activations = 15_237_608L;
    CliRun momentum = summary("vgg16");
    assertTrue(line(momentum, "training memory").contains("batch 1 with momentum (1 value of state per parameter)"));
    assertEquals("total " + String.format("%,d", 3 * parameters + 2 * activations) + " values 1.7 GB",
        line(momentum, "total"));
    CliRun sgd = summary("vgg16", "--batch", "2", "--optimizer", "sgd");
    assertEquals(0, sgd.exitCode(), sgd.transcript());
    assertEquals("optimizer state 0 values 0 B (0 x parameters)", line(sgd, "optimizer state"));
    assertTrue(line(sgd, "total").startsWith("total " + String.format("%,d", 2 * parameters + 2 * 2 * activations)),
        sgd.transcript());
    CliRun adam = summary("vgg16", "--optimizer", "adam");
    assertEquals(0, adam.exitCode(), adam.transcript());
    assertTrue(line(adam, "optimizer state").startsWith("optimizer state " + String.format("%,d", 2 * parameters)));
  }

  @Test
  void residualNetworksShowWhatEachMergeReads() {
    CliRun run = summary("resnet18");
    assertEquals(0, run.exitCode(), run.transcript());
    assertEquals("BATCHNORM: [112x112x64] memory: 112*112*64=800K weights: 64 bn1 +RELU", line(run, "BATCHNORM: [112x112x64]"));
    assertEquals("ADD: [56x56x64] memory: 56*56*64=200K weights: 0 layer1.0.add <- layer1.0.bn2, maxpool +RELU",
        line(run, "ADD: [56x56x64] memory: 56*56*64=200K weights: 0 layer1.0.add"));
    assertTrue(run.out().contains("layer2.0.add <- layer2.0.bn2, layer2.0.downsample.1"), run.out());
    assertEquals("parameters: 11,683,712 weights + 5,800 biases = 11,689,512 (plus 9,600 running statistics, saved"
        + " but not trained)", line(run, "parameters:"));
    assertEquals("GLOBAL-AVGPOOL: [1x1x512] memory: 1*1*512=512 weights: 0 avgpool", line(run, "GLOBAL-AVGPOOL"));
  }

  @Test
  void inceptionModulesShowTheirFourBranches() {
    CliRun run = summary("googlenet");
    assertEquals(0, run.exitCode(), run.transcript());
    assertTrue(line(run, "CONCAT: [28x28x256]").endsWith("inception3a <- inception3a.branch1.bn,"
        + " inception3a.branch2.1.bn, inception3a.branch3.1.bn, inception3a.branch4.1.bn"), run.out());
    assertTrue(line(run, "POOL3/1: [28x28x192]").endsWith("inception3a.branch4.0 <- maxpool2"), run.out());
    assertEquals("TOTAL params: 6.62M parameters", line(run, "TOTAL params:"));
  }

  @Test
  void anotherInputSizeChangesVolumesAndTheFirstFc() {
    CliRun run = summary("vgg16", "--input", "384x384x3");
    assertEquals(0, run.exitCode(), run.transcript());
    assertEquals("vgg16: 384x384x3 input", lines(run).getFirst());
    assertTrue(line(run, "POOL2: [12x12x512]").contains("memory: 12*12*512=74K"), run.out());
    assertTrue(line(run, "FC: [1x1x4096] memory: 4096 weights: 12*12*512*4096 = 301,989,888").endsWith("fc6 +RELU +DROPOUT"));
  }

  @Test
  void allNodesGivesEveryNodeARowAndItsMemory() {
    CliRun run = summary("vgg16", "--all-nodes");
    assertEquals(0, run.exitCode(), run.transcript());
    long rows = lines(run).stream().filter(l -> l.contains("weights:")).count();
    assertEquals(1 + 13 * 2 + 5 + 3 + 2 + 2, rows, run.out());
    assertTrue(line(run, "RELU: [224x224x64]").endsWith("relu1_1"), run.out());
    assertFalse(run.out().contains("+RELU"), run.out());
    long relus = 2 * 224 * 224 * 64 + 2 * 112 * 112 * 128 + 3 * 56 * 56 * 256 + 3 * 28 * 28 * 512 + 3 * 14 * 14 * 512
        + 4 * 4096;
    assertTrue(line(run, "activations:").startsWith("activations: " + String.format("%,d", 15_237_608L + relus)));
  }

  @Test
  void aSavedModelIsSummarizedWithoutItsLoss(@TempDir Path dir) {
    ProviderRegistry registry = ProviderRegistry.load();
    Network net = Sequential.input(registry, Shape.nchw(4, 1, 8, 8)).conv(4, 3, 1, 1).relu().maxPool(2, 2).fc(3)
        .build().withLoss(registry, LayerSpec.of("SoftmaxCrossEntropy"));
    Path file = dir.resolve("tiny.convoy");
    try (Backend backend = new BackendSelector(registry).select("reference").open();
        Model model = Model.create(net, backend, 1)) {
      ConvoyCheckpoint.write(file, model, Map.of(), TrainingState.start(1));
    }
    CliRun run = summary(file.toString());
    assertEquals(0, run.exitCode(), run.transcript());
    assertEquals("tiny.convoy: 8x8x1 input", lines(run).getFirst());
    assertEquals("CONV3-4: [8x8x4] memory: 8*8*4=256 weights: (3*3*1)*4 = 36 conv1 +RELU", line(run, "CONV3-4"));
    assertEquals("FC: [1x1x3] memory: 3 weights: 4*4*4*3 = 192 fc1", line(run, "FC:"));
    assertFalse(run.out().contains("loss") || run.out().contains("labels"), run.out());
    CliRun larger = summary(file.toString(), "--input", "16x16");
    assertEquals(0, larger.exitCode(), larger.transcript());
    assertEquals("FC: [1x1x3] memory: 3 weights: 8*8*4*3 = 768 fc1", line(larger, "FC:"));
  }

  @Test
  void mistakesExitTwoWithOneLine() {
    for (String[] args : List.of(new String[] {"resnet9000"}, new String[] {"model.onnx"},
        new String[] {"vgg16", "--input", "big"}, new String[] {"vgg16", "--optimizer", "lbfgs"},
        new String[] {"vgg16", "--batch", "0"}, new String[] {"missing.convoy"},
        new String[] {"vgg16", "--input", "100x100x3"})) {
      CliRun run = summary(args);
      assertEquals(2, run.exitCode(), Arrays.toString(args) + "\n" + run.transcript());
      assertEquals(1, run.err().lines().count(), run.transcript());
    }
    assertTrue(summary("resnet9000").err().contains("zoo models: lenet"));
    assertTrue(summary("model.onnx").err().contains("no model file model.onnx"));
    assertTrue(summary("vgg16", "--optimizer", "lbfgs").err().contains("known: adagrad, adam"));
  }
}
