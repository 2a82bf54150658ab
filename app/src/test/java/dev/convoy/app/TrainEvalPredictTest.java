package dev.convoy.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The train -> eval -> predict path through the real CLI, on a tiny dataset and the reference backend. */
class TrainEvalPredictTest {
  private static final Pattern FINAL_LINE = Pattern.compile("test accuracy: (\\d\\.\\d{4})\\s*$");

  @TempDir
  static Path dir;

  private static Path data;
  private static Path model;
  private static CliRun training;

  @BeforeAll
  static void trainOnce() throws Exception {
    data = Files.createDirectories(dir.resolve("tiny"));
    TinyIdxData.write(data, 320, 100, 5);
    model = dir.resolve("tiny.convoy");
    training = CliRun.run(CliRun.realProviders(), "train", "--model", "lenet", "--data", data.toString(),
        "--epochs", "2", "--batch", "32", "--lr", "0.02", "--seed", "3", "--backend", "reference", "--no-progress",
        "--out", model.toString());
  }

  @Test
  void trainingLearnsAndEndsWithTheTestAccuracyLine() {
    assertEquals(0, training.exitCode(), training.transcript());
    Matcher last = FINAL_LINE.matcher(training.out());
    assertTrue(last.find(), training.transcript());
    assertTrue(Double.parseDouble(last.group(1)) > 0.5, "10 classes, chance is 0.1: " + training.transcript());
    assertTrue(training.out().contains("epoch 1: train loss"), training.transcript());
    assertTrue(training.out().contains("epoch 2: train loss"), training.transcript());
  }

  @Test
  void trainingWritesTheModelAndTheReportPictures() throws Exception {
    assertEquals(0, training.exitCode(), training.transcript());
    assertTrue(Files.size(model) > 3_274_634L * 4, "all lenet parameters as float32");
    for (String picture : new String[] {"tiny.curves.png", "tiny.filters.png"}) {
      byte[] head = Files.readAllBytes(dir.resolve(picture));
      assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(head, 4), picture);
      var image = javax.imageio.ImageIO.read(dir.resolve(picture).toFile());
      assertTrue(image.getWidth() > 100 && image.getHeight() > 100, picture);
    }
  }

  @Test
  void evalReportsTheSameAccuracyAsTrainingAndAConfusionMatrix() {
    CliRun eval = CliRun.run(CliRun.realProviders(), "eval", model.toString(), "--data", data.toString(),
        "--backend", "reference");
    assertEquals(0, eval.exitCode(), eval.transcript());
    Matcher trained = FINAL_LINE.matcher(training.out());
    assertTrue(trained.find());
    assertTrue(eval.out().contains("accuracy: " + trained.group(1)), eval.transcript() + training.transcript());
    assertTrue(eval.out().contains("true \\ predicted"), eval.transcript());
    assertEquals(10 + 1, eval.out().lines().filter(l -> l.matches("^(\\d .*|true.*)")).count(), eval.transcript());
  }

  @Test
  void predictShowsTheTopFiveClassesWithTheRightOneFirst() throws Exception {
    Path image = dir.resolve("class7.png");
    TinyIdxData.writePng(image, 7);
    CliRun predict = CliRun.run(CliRun.realProviders(), "predict", model.toString(), image.toString(),
        "--backend", "reference");
    assertEquals(0, predict.exitCode(), predict.transcript());
    String[] lines = predict.out().strip().split("\n");
    assertEquals(6, lines.length, predict.transcript());
    assertTrue(lines[1].strip().startsWith("7 "), predict.transcript());
    assertTrue(lines[1].strip().endsWith("%"), predict.transcript());
  }

  @Test
  void imagesOfTheWrongSizeForTheModelAreAClearError() throws Exception {
    CliRun run = CliRun.run(CliRun.realProviders(), "train", "--model", "cifar-small", "--data", data.toString(),
        "--epochs", "1", "--backend", "reference", "--no-progress");
    assertEquals(2, run.exitCode(), run.transcript());
    assertTrue(run.err().contains("holds 28x28x1 images but cifar-small expects 32x32x3"), run.transcript());
  }

  @Test
  void aDivergingRunStopsWithAdviceAndLeavesTheGoodModelAlone() throws Exception {
    Path copy = dir.resolve("keep.convoy");
    Files.copy(model, copy);
    byte[] before = Files.readAllBytes(copy);
    CliRun run = CliRun.run(CliRun.realProviders(), "train", "--model", "lenet", "--data", data.toString(),
        "--epochs", "1", "--limit", "128", "--batch", "32", "--lr", "1e30", "--backend", "reference", "--no-progress",
        "--out", copy.toString());
    assertEquals(2, run.exitCode(), run.transcript());
    assertTrue(run.err().contains("training diverged"), run.transcript());
    assertTrue(run.err().contains("lower the learning rate"), run.transcript());
    assertArrayEquals(before, Files.readAllBytes(copy));
  }

  @Test
  void aBadOutputPathFailsBeforeTraining() {
    CliRun run = CliRun.run(CliRun.realProviders(), "train", "--model", "lenet", "--data", data.toString(),
        "--out", dir.resolve("no/such/folder/m.convoy").toString(), "--backend", "reference");
    assertEquals(2, run.exitCode(), run.transcript());
    assertTrue(run.err().contains("does not exist; create it first"), run.transcript());
    assertFalse(run.out().contains("epoch 1"), run.transcript());
  }
}
