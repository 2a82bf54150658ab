package dev.convoy.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #18 point 7: a bad option value is refused before any data is read (the data named here does
 * not exist, so reaching it would be a different error), in one line quoting what was typed.
 */
class OptionValidationTest {
  @TempDir
  static Path dir;

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--lr-gamma | NaN | --lr-gamma NaN: give a positive number",
      "--lr-gamma | -1 | --lr-gamma -1: give a positive number",
      "--lr | 1e-50 | --lr 1e-50 is too small for a 32-bit float",
      "--lr | 0 | --lr 0: give a positive number",
      "--momentum | 5 | --momentum 5: give a number from 0 up to (not including) 1",
      "--weight-decay | -0.1 | --weight-decay -0.1: give a number of 0 or more",
      "--optimizer | adamm | Unknown optimizer: adamm (known:",
      "--lr-schedule | cosin | --lr-schedule cosin is not one of step, cosine",
      "--loss | hinge | --loss hinge is not one of softmax, svm",
      "--epochs | 0 | --epochs 0: give a whole number, at least 1",
      "--lr-step | -2 | --lr-step -2: give a whole number, at least 0"})
  void trainRefusesABadValueBeforeReadingData(String option, String value, String message) {
    CliRun run = CliRun.run(CliRun.realProviders(), "train", "--model", "lenet", "--data",
        dir.resolve("no-such-data").toString(), option, value);
    assertEquals(2, run.exitCode(), run.transcript());
    assertTrue(run.err().contains(message), run.transcript());
    assertFalse(run.err().contains("no-such-data"), "the data was not reached: " + run.transcript());
    assertEquals(1, run.err().lines().count(), "one line: " + run.transcript());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "predict | --top | 0 | --top 0: give a whole number, at least 1",
      "eval | --batch | 0 | --batch 0: give a whole number, at least 1"})
  void evalAndPredictRefuseCountsBelowOne(String command, String option, String value, String message) {
    String model = dir.resolve("no-such-model.convoy").toString();
    CliRun run = command.equals("predict")
        ? CliRun.run(CliRun.realProviders(), command, model, dir.resolve("x.png").toString(), option, value)
        : CliRun.run(CliRun.realProviders(), command, model, option, value);
    assertEquals(2, run.exitCode(), run.transcript());
    assertTrue(run.err().contains(message), run.transcript());
  }
}
