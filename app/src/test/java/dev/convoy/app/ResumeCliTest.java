package dev.convoy.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.Shape;
import dev.convoy.formats.proto.ConvoyCheckpoint;
import dev.convoy.formats.proto.LoadedCheckpoint;
import dev.convoy.formats.proto.OptimizerState;
import dev.convoy.formats.proto.TrainingState;
import dev.convoy.runtime.BackendSelector;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.ProviderRegistry;
import dev.convoy.runtime.Sequential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code train --resume} through the CLI (issue #6): {@code --epochs 1 --out a}, then {@code --epochs 2
 * --resume a}, holds bit for bit what {@code --epochs 2} holds. The network has dropout and the run
 * augments, shuffles and decays its learning rate, so every piece of saved state has to be right.
 */
class ResumeCliTest {
  private static final ProviderRegistry REGISTRY = ProviderRegistry.load();

  @TempDir
  static Path dir;

  private static Path data;
  private static Path untrained;
  private static Path oneEpoch;
  private static CliRun first;
  private static CliRun resumed;
  private static CliRun straight;

  /** The options of the run; --resume must bring back all of them. */
  private static List<String> run(String... more) {
    List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--batch", "16",
        "--optimizer", "adam", "--lr-step", "1", "--lr-gamma", "0.5", "--augment", "--seed", "3"));
    args.addAll(List.of(more));
    return args;
  }

  private static CliRun cli(List<String> args) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of("--backend", "reference", "--no-progress"));
    return CliRun.run(CliRun.realProviders(), all.toArray(String[]::new));
  }

  private static CliRun cli(String... args) {
    return cli(List.of(args));
  }

  @BeforeAll
  static void trainOneEpochThenOneMoreAndTwoInOneGo() throws Exception {
    data = Files.createDirectories(dir.resolve("tiny"));
    TinyIdxData.write(data, 80, 20, 5);
    untrained = dir.resolve("small.convoy");
    try (Backend backend = new BackendSelector(REGISTRY, k -> null, k -> null).select("reference").open();
        Model model = Model.create(Sequential.input(REGISTRY, Shape.nchw(16, 1, 28, 28))
            .conv(4, 5, 1, 2).relu().maxPool(2, 2).dropout(0.3f).fc(10).build(), backend, 7)) {
      ConvoyCheckpoint.write(untrained, model, Map.of(), TrainingState.start(7));
    }
    oneEpoch = dir.resolve("a.convoy");
    first = cli(run("--model", untrained.toString(), "--epochs", "1", "--out", oneEpoch.toString()));
    // --out may be the file resumed from: a copy, so that the other tests still have epoch 1.
    Path again = Files.copy(oneEpoch, dir.resolve("b.convoy"));
    resumed = cli("train", "--resume", again.toString(), "--epochs", "2", "--out", again.toString());
    straight = cli(run("--model", untrained.toString(), "--epochs", "2", "--out", dir.resolve("c.convoy").toString()));
  }

  @Test
  void oneEpochPlusOneResumedIsBitIdenticalToTwo() {
    assertEquals(0, first.exitCode(), first.transcript());
    assertEquals(0, resumed.exitCode(), resumed.transcript());
    assertEquals(0, straight.exitCode(), straight.transcript());
    LoadedCheckpoint b = ConvoyCheckpoint.read(dir.resolve("b.convoy"), REGISTRY);
    LoadedCheckpoint c = ConvoyCheckpoint.read(dir.resolve("c.convoy"), REGISTRY);
    assertEquals(c.parameters().keySet(), b.parameters().keySet());
    c.parameters().forEach((name, values) ->
        assertArrayEquals(values.values(), b.parameter(name).values(), name + "\n" + resumed.transcript()));
    assertEquals(new TrainingState(2, 10, 3), b.trainingState().orElseThrow());
    assertEquals(c.trainingState(), b.trainingState());
    OptimizerState bState = b.optimizerState().orElseThrow();
    OptimizerState cState = c.optimizerState().orElseThrow();
    assertEquals(cState.hyperparameters(), bState.hyperparameters());
    cState.tensors().forEach((name, t) -> assertArrayEquals(t.values(), bState.tensors().get(name).values(), name));
    assertEquals(c.metadata(), b.metadata(), "the same options, data and normalization are saved again");

    assertTrue(resumed.out().contains("resuming " + dir.resolve("b.convoy") + ": epochs 2 to 2, seed 3, adam from step 5"),
        resumed.transcript());
    assertFalse(resumed.out().contains("epoch 1:"), "epoch 1 is not trained again: " + resumed.transcript());
    // The same epoch-2 numbers on stdout, apart from the time it took.
    assertEquals(epochLine(straight, 2), epochLine(resumed, 2));
  }

  private static String epochLine(CliRun run, int epoch) {
    return run.out().lines().filter(l -> l.startsWith("epoch " + epoch + ":")).findFirst().orElseThrow()
        .replaceFirst(", [0-9.]+ s$", "");
  }

  @Test
  void epochsIsTheTotalSoACheckpointThatHasThemAllIsAClearError() {
    CliRun run = cli("train", "--resume", oneEpoch.toString(), "--epochs", "1");
    assertEquals(2, run.exitCode(), run.transcript());
    assertTrue(run.err().contains("has already been trained for 1 epochs; --epochs is the total, so ask for more"
        + " (e.g. --epochs 2)"), run.transcript());
    assertFalse(run.err().contains("\tat "), "no stack trace: " + run.transcript());
  }

  @ParameterizedTest
  @CsvSource({
      "--seed, 4, '--seed 4 contradicts'",
      "--optimizer, momentum, '--optimizer momentum contradicts'",
      "--lr, 0.5, '--lr 0.5 contradicts'",
      "--momentum, 0.5, 'without --momentum'",
      "--batch, 8, '--batch 8 contradicts'",
      "--limit, 40, 'trained with without --limit'",
      "--loss, svm, '--loss svm contradicts'",
      "--lr-schedule, cosine, '--lr-schedule cosine contradicts'",
      "--model, lenet, '--model lenet contradicts'"})
  void anOptionThatContradictsTheCheckpointIsAClearError(String option, String value, String message) {
    CliRun run = cli("train", "--resume", oneEpoch.toString(), "--epochs", "2", option, value);
    assertEquals(2, run.exitCode(), run.transcript());
    assertTrue(run.err().contains(message) && run.err().contains("leave " + option + " out"), run.transcript());
    assertFalse(run.out().contains("epoch 2:"), run.transcript());
  }

  @Test
  void optionsThatAgreeWithTheCheckpointMayBeGivenAgain() throws Exception {
    // A copy: without --out the resumed run writes back to the file it resumed.
    Path copy = Files.copy(oneEpoch, dir.resolve("agree.convoy"));
    CliRun run = cli(run("--resume", copy.toString(), "--model", "small", "--epochs", "2"));
    assertEquals(0, run.exitCode(), run.transcript());
    assertEquals(epochLine(straight, 2), epochLine(run, 2));
  }

  @Test
  void otherDataOrAFileWithoutTrainingStateCannotBeResumed() throws Exception {
    Path other = Files.createDirectories(dir.resolve("other"));
    TinyIdxData.write(other, 80, 20, 6);
    CliRun data = cli("train", "--resume", oneEpoch.toString(), "--data", other.toString());
    assertEquals(2, data.exitCode(), data.transcript());
    assertTrue(data.err().contains("--data " + other.toAbsolutePath() + " contradicts"), data.transcript());

    CliRun untrainedFile = cli("train", "--resume", untrained.toString());
    assertEquals(2, untrainedFile.exitCode(), untrainedFile.transcript());
    assertTrue(untrainedFile.err().contains("holds no optimizer state, so its run cannot be resumed exactly; train on"
        + " from its weights with --model"), untrainedFile.transcript());

    CliRun neither = cli("train", "--epochs", "1");
    assertEquals(2, neither.exitCode(), neither.transcript());
    assertTrue(neither.err().contains("--model M") && neither.err().contains("--resume FILE"), neither.transcript());
  }

  @Test
  void helpExplainsResume() {
    CliRun help = CliRun.run(CliRun.realProviders(), "train", "--help");
    assertEquals(0, help.exitCode(), help.transcript());
    assertTrue(help.out().contains("--resume=FILE"), help.transcript());
    assertTrue(help.out().contains("bit for bit"), help.transcript());
  }
}
