package dev.convoy.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Shape;
import dev.convoy.formats.onnx.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #18 points 8 and 3: in a fresh JVM whose stderr is a file, train writes plain epoch lines and
 * no progress bar; eval says what it is doing; paths are printed whole; {@code run --output} into a
 * missing folder fails first; an input holding NaN is warned about once.
 */
class OutputEdgesTest {
  @TempDir
  static Path dir;

  private static Path data;
  private static Path model;
  private static CliRun training;

  @BeforeAll
  static void trainInAFreshJvmWithStderrInAFile() throws Exception {
    data = Files.createDirectories(dir.resolve("tiny"));
    TinyIdxData.write(data, 64, 20, 5);
    model = dir.resolve("m.convoy");
    training = FreshJvm.convoy(120, "train", "--model", "lenet", "--data", data.toString(), "--epochs", "1",
        "--batch", "16", "--backend", "reference", "--out", model.toString());
  }

  @Test
  void noProgressBarWhenStderrIsNotATerminalAndFullPaths() {
    assertEquals(0, training.exitCode(), training.transcript());
    assertFalse(training.err().contains("\r"), "no carriage returns in a log: " + training.transcript());
    assertFalse(training.err().contains("epoch 1/1"), training.transcript());
    assertTrue(training.out().contains("epoch 1: train loss"), training.transcript());
    assertTrue(training.out().contains("saved " + model.toAbsolutePath() + "; report: "
        + dir.toAbsolutePath().resolve("m.curves.png") + ", " + dir.toAbsolutePath().resolve("m.filters.png")),
        training.transcript());
  }

  @Test
  void evalSaysWhatItIsDoing() throws Exception {
    CliRun eval = FreshJvm.convoy(120, "eval", model.toString(), "--data", data.toString(), "--batch", "5",
        "--backend", "reference");
    assertEquals(0, eval.exitCode(), eval.transcript());
    assertTrue(eval.err().contains("convoy: evaluating, 4 batches..."), eval.transcript());
    assertFalse(eval.err().contains("\r"), eval.transcript());
  }

  @Test
  void runChecksTheOutputFolderBeforeComputing() {
    Path x = dir.resolve("x.npy");
    Npy.write(x, Shape.nchw(1, 1, 28, 28), new float[28 * 28]);
    Path missing = dir.resolve("no-such-folder").resolve("y.npy");
    CliRun run = CliRun.run(CliRun.realProviders(), "run", "lenet", "--input", x.toString(), "--output",
        missing.toString(), "--backend", "reference");
    assertEquals(2, run.exitCode(), run.transcript());
    assertTrue(run.err().contains("--output " + missing + ": the folder " + missing.getParent() + " does not exist"),
        run.transcript());
    assertFalse(run.err().contains(".tmp"), run.transcript());
    assertFalse(run.out().contains("wrote"), run.transcript());
  }

  @Test
  void runWarnsOnceAboutNaNAndInfInItsInput() {
    Path x = dir.resolve("nan.npy");
    float[] values = new float[2 * 28 * 28];
    values[5] = Float.NaN;
    values[900] = Float.POSITIVE_INFINITY;
    Npy.write(x, Shape.nchw(2, 1, 28, 28), values);
    CliRun run = CliRun.run(CliRun.realProviders(), "run", "lenet", "--input", x.toString(), "--output",
        dir.resolve("nan-out.npy").toString(), "--backend", "reference");
    assertEquals(0, run.exitCode(), run.transcript());
    assertEquals(1, run.err().lines().filter(l -> l.contains("warning")).count(), run.transcript());
    assertTrue(run.err().contains("convoy: warning: " + x + " holds NaN (at value 5"), run.transcript());
  }

  @Test
  void anAllNaNInputGivesNaNScoresAsPyTorchDoes() {
    Path x = dir.resolve("all-nan.npy");
    float[] values = new float[28 * 28];
    java.util.Arrays.fill(values, Float.NaN);
    Npy.write(x, Shape.nchw(1, 1, 28, 28), values);
    Path y = dir.resolve("all-nan-out.npy");
    CliRun run = CliRun.run(CliRun.realProviders(), "run", "lenet", "--input", x.toString(), "--output",
        y.toString(), "--backend", "reference");
    assertEquals(0, run.exitCode(), run.transcript());
    float[] scores = Npy.read(y).values();
    assertEquals(10, scores.length);
    for (float score : scores) {
      assertTrue(Float.isNaN(score), "ReLU and max pooling keep NaN: " + java.util.Arrays.toString(scores));
    }
  }
}
