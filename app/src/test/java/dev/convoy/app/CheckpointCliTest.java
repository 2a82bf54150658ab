package dev.convoy.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.convoy.api.Backend;
import dev.convoy.api.Shape;
import dev.convoy.formats.proto.ConvoyCheckpoint;
import dev.convoy.formats.proto.LoadedCheckpoint;
import dev.convoy.formats.proto.TrainingState;
import dev.convoy.runtime.BackendSelector;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.ProviderRegistry;
import dev.convoy.runtime.Sequential;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #18, point 1: {@code train --out} saves after every epoch and, with {@code --checkpoint-every},
 * within epochs; a run killed with SIGKILL in a fresh JVM resumes from its file and ends bit for bit
 * where the run that was never stopped ends, report history included.
 */
class CheckpointCliTest {
  private static final ProviderRegistry REGISTRY = ProviderRegistry.load();

  @TempDir
  static Path dir;

  private static Path data;
  private static Path untrained;
  private static Path straight;

  private static List<String> run(String... more) {
    List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--batch", "4",
        "--optimizer", "adam", "--lr", "0.0005", "--lr-step", "1", "--lr-gamma", "0.5", "--augment", "--seed", "3",
        "--backend", "reference", "--no-progress"));
    args.addAll(List.of(more));
    return args;
  }

  private static CliRun cli(List<String> args) {
    return CliRun.run(CliRun.realProviders(), args.toArray(String[]::new));
  }

  @BeforeAll
  static void trainTwoEpochsWithoutStopping() throws Exception {
    data = Files.createDirectories(dir.resolve("tiny"));
    TinyIdxData.write(data, 1200, 20, 5);
    untrained = dir.resolve("small.convoy");
    try (Backend backend = new BackendSelector(REGISTRY, k -> null, k -> null).select("reference").open();
        Model model = Model.create(Sequential.input(REGISTRY, Shape.nchw(4, 1, 28, 28))
            .conv(4, 5, 1, 2).relu().maxPool(2, 2).dropout(0.3f).fc(10).build(), backend, 7)) {
      ConvoyCheckpoint.write(untrained, model, Map.of(), TrainingState.start(7));
    }
    straight = dir.resolve("straight.convoy");
    CliRun run = cli(run("--model", untrained.toString(), "--epochs", "2", "--out", straight.toString()));
    assertEquals(0, run.exitCode(), run.transcript());
  }

  @Test
  void aRunKilledMidEpochResumesFromItsCheckpointBitForBit() throws Exception {
    Path killed = dir.resolve("killed.convoy");
    Path log = dir.resolve("killed.log");
    Process process = FreshJvm.startConvoy(log, run("--model", untrained.toString(), "--epochs", "2",
        "--checkpoint-every", "20", "--out", killed.toString()).toArray(String[]::new));
    Path caught = dir.resolve("caught.convoy");
    try {
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (!midEpoch(killed)) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          fail("no mid-epoch checkpoint seen before the run ended:\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        Thread.sleep(5);
      }
      Files.copy(killed, caught, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      process.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no finally
    }
    assertTrue(midEpoch(caught));

    // No --out: the resumed run writes back to the file it resumed.
    CliRun resumed = cli(List.of("train", "--resume", caught.toString(), "--epochs", "2", "--backend", "reference",
        "--no-progress"));
    assertEquals(0, resumed.exitCode(), resumed.transcript());
    assertTrue(resumed.out().contains("(after its batch "), resumed.transcript());
    assertTrue(resumed.out().contains("saved " + caught.toAbsolutePath()), resumed.transcript());
    assertSameRun(straight, caught, resumed.transcript());

    // Whatever the kill left in place is a whole checkpoint that resumes to the same end.
    CliRun again = cli(List.of("train", "--resume", killed.toString(), "--epochs", "2", "--backend", "reference",
        "--no-progress"));
    if (again.exitCode() == 0) {
      assertSameRun(straight, killed, again.transcript());
    } else {
      assertTrue(again.err().contains("has already been trained for 2 epochs"), again.transcript());
    }
  }

  @Test
  void everyEpochIsSavedAndAResumedRunKeepsTheWholeHistory() throws Exception {
    Path one = dir.resolve("one.convoy");
    CliRun first = cli(run("--model", untrained.toString(), "--epochs", "1", "--out", one.toString()));
    assertEquals(0, first.exitCode(), first.transcript());
    assertEquals(1, ConvoyCheckpoint.read(one, REGISTRY).trainingState().orElseThrow().epoch());
    CliRun second = cli(List.of("train", "--resume", one.toString(), "--epochs", "2", "--backend", "reference",
        "--no-progress"));
    assertEquals(0, second.exitCode(), second.transcript());
    assertFalse(second.out().contains("model not saved"), second.transcript());
    assertSameRun(straight, one, second.transcript());
    assertEquals(2, ConvoyCheckpoint.read(one, REGISTRY).metadata().get("history_epochs").lines().count());
    assertTrue(Files.size(dir.resolve("one.curves.png")) > 0);
  }

  @Test
  void theReportIsWrittenBeforeTheCheckpointSoAFailedReportLeavesNoNewerCheckpoint() throws Exception {
    Path out = dir.resolve("blocked.convoy");
    // A folder where the curves picture goes: the report cannot be written.
    Files.createDirectories(dir.resolve("blocked.curves.png").resolve("in-the-way"));
    CliRun run = cli(run("--model", untrained.toString(), "--epochs", "1", "--limit", "16", "--out", out.toString()));
    assertEquals(2, run.exitCode(), run.transcript());
    assertTrue(run.err().contains("blocked.curves.png"), run.transcript());
    assertFalse(Files.exists(out), "no checkpoint without its report: " + run.transcript());
    try (var left = Files.list(dir)) {
      assertEquals(List.of(), left.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList());
    }
  }

  @Test
  void checkpointEveryIsCheckedBeforeAnyWork() {
    CliRun zero = cli(run("--model", untrained.toString(), "--checkpoint-every", "0", "--out",
        dir.resolve("z.convoy").toString()));
    assertEquals(2, zero.exitCode(), zero.transcript());
    assertTrue(zero.err().contains("--checkpoint-every 0"), zero.transcript());
    CliRun noOut = cli(run("--model", untrained.toString(), "--checkpoint-every", "5"));
    assertEquals(2, noOut.exitCode(), noOut.transcript());
    assertTrue(noOut.err().contains("--checkpoint-every saves to --out"), noOut.transcript());
    assertFalse(noOut.out().contains("training "), noOut.transcript());
  }

  private static boolean midEpoch(Path file) {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    String position = ConvoyCheckpoint.read(file, REGISTRY).metadata().get("history_position");
    return position != null && !position.split(",")[1].equals("0");
  }

  private static void assertSameRun(Path expected, Path actual, String transcript) {
    LoadedCheckpoint e = ConvoyCheckpoint.read(expected, REGISTRY);
    LoadedCheckpoint a = ConvoyCheckpoint.read(actual, REGISTRY);
    e.parameters().forEach((name, values) ->
        assertArrayEquals(values.values(), a.parameter(name).values(), name + "\n" + transcript));
    assertEquals(e.trainingState(), a.trainingState(), transcript);
    var eState = e.optimizerState().orElseThrow();
    var aState = a.optimizerState().orElseThrow();
    eState.tensors().forEach((name, t) -> assertArrayEquals(t.values(), aState.tensors().get(name).values(), name));
    assertEquals(e.metadata(), a.metadata(), "the whole history, as if never stopped\n" + transcript);
  }
}
