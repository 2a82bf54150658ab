package dev.convoy.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.BackendProvider;
import dev.convoy.api.BackendProvider.Availability;
import dev.convoy.runtime.ProviderRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackendsCommandTest {

  private static CliEnvironment fastUnavailableSlowAvailable() {
    List<BackendProvider> backends = List.of(
        FakeProviders.backend("slow", 1, Availability.yes()),
        FakeProviders.backend("fast", 10, Availability.no("no device here")));
    return CliRun.providers(() -> ProviderRegistry.of(List.of(), backends, List.of()));
  }

  @Test
  void listsTheReferenceBackendAsAvailableAndChoosesItByName() {
    // By name: the automatic choice depends on the machine (an OpenCL device outranks reference where simd is
    // not loaded, as in this test JVM); choosing by rank is checked with fake providers below.
    CliRun run = CliRun.run(CliRun.realProviders(), "backends", "--backend", "reference");

    assertEquals(0, run.exitCode(), run.transcript());
    String referenceRow = run.out().lines().filter(line -> line.startsWith("reference ")).findFirst().orElse("");
    assertTrue(referenceRow.contains("dev.convoy.backends.reference"), run.transcript());
    assertTrue(referenceRow.contains(" yes "), run.transcript());
    assertTrue(run.out().contains("Would choose: reference (chosen by --backend reference)"), run.transcript());
    assertEquals("", run.err(), run.transcript());
  }

  @Test
  void anUnknownBackendExitsTwoListingTheKnownOnes() {
    CliRun run = CliRun.run(CliRun.realProviders(), "backends", "--backend", "nosuch");

    assertEquals(2, run.exitCode(), run.transcript());
    assertEquals(1, run.err().lines().count(), run.transcript());
    assertTrue(run.err().startsWith("convoy: "), run.transcript());
    assertTrue(run.err().contains("nosuch"), run.transcript());
    assertTrue(run.err().contains("reference"), run.transcript());
  }

  @Test
  void showsWhyABackendIsUnavailableAndChoosesTheBestAvailableOne() {
    CliRun run = CliRun.run(fastUnavailableSlowAvailable(), "backends");

    assertEquals(0, run.exitCode(), run.transcript());
    List<String> lines = run.out().lines().toList();
    assertTrue(lines.get(0).startsWith("NAME"), run.transcript());
    assertTrue(lines.get(1).startsWith("fast ") && lines.get(1).contains("no: no device here"), run.transcript());
    assertTrue(lines.get(2).startsWith("slow ") && lines.get(2).contains(" yes "), run.transcript());
    assertTrue(run.out().contains("Would choose: slow (best available"), run.transcript());
  }

  @Test
  void columnsLineUp() {
    CliRun run = CliRun.run(fastUnavailableSlowAvailable(), "backends");

    List<String> lines = run.out().lines().limit(3).toList();
    int rankColumn = lines.get(0).indexOf("RANK");
    assertEquals("10", lines.get(1).substring(rankColumn, rankColumn + 2), run.transcript());
    assertEquals("1 ", lines.get(2).substring(rankColumn, rankColumn + 2), run.transcript());
  }

  @Test
  void anUnavailableBackendAskedForByNameExitsTwoSayingWhy() {
    CliRun run = CliRun.run(fastUnavailableSlowAvailable(), "backends", "--backend", "fast");

    assertEquals(2, run.exitCode(), run.transcript());
    assertTrue(run.err().contains("no device here"), run.transcript());
  }

  @Test
  void theSystemPropertyAndTheEnvironmentVariableChooseWhenNoOptionIsGiven() {
    CliEnvironment base = fastUnavailableSlowAvailable();
    CliEnvironment property = new CliEnvironment(base.providers(),
        name -> name.equals("convoy.backend") ? "nosuch" : null, name -> null);
    CliEnvironment variable = new CliEnvironment(base.providers(),
        name -> null, name -> name.equals("CONVOY_BACKEND") ? "slow" : null);

    CliRun byProperty = CliRun.run(property, "backends");
    CliRun byVariable = CliRun.run(variable, "backends");
    CliRun optionWins = CliRun.run(property, "backends", "--backend", "slow");

    assertEquals(2, byProperty.exitCode(), byProperty.transcript());
    assertTrue(byProperty.err().contains("convoy.backend"), byProperty.transcript());
    assertEquals(0, byVariable.exitCode(), byVariable.transcript());
    assertTrue(byVariable.out().contains("Would choose: slow (chosen by environment CONVOY_BACKEND=slow)"),
        byVariable.transcript());
    assertEquals(0, optionWins.exitCode(), optionWins.transcript());
    assertTrue(optionWins.out().contains("Would choose: slow (chosen by --backend slow)"), optionWins.transcript());
  }

  @Test
  void aProvidersDetailsArePrintedUnderTheTableBelowItsName() {
    List<BackendProvider> backends = List.of(
        FakeProviders.backend("device", 10, Availability.no("no device here"),
            List.of("0:0  first device (default)", "0:1  second device")),
        FakeProviders.backend("slow", 1, Availability.yes()));
    CliRun run = CliRun.run(CliRun.providers(() -> ProviderRegistry.of(List.of(), backends, List.of())), "backends");

    assertEquals(0, run.exitCode(), run.transcript());
    List<String> lines = run.out().lines().toList();
    int header = lines.indexOf("device:");
    assertTrue(header > 2, run.transcript());
    assertEquals("  0:0  first device (default)", lines.get(header + 1), run.transcript());
    assertEquals("  0:1  second device", lines.get(header + 2), run.transcript());
    assertFalse(lines.contains("slow:"), "a provider without details prints nothing\n" + run.transcript());
  }

  @Test
  void noBackendAtAllSaysSoAndWhatToDo() {
    CliRun run = CliRun.run(CliRun.providers(() -> ProviderRegistry.of(List.of(), List.of(), List.of())), "backends");

    assertEquals(2, run.exitCode(), run.transcript());
    assertTrue(run.out().contains("No backends found"), run.transcript());
    assertTrue(run.err().contains("backends-reference"), run.transcript());
    assertFalse(run.err().contains("\tat "), run.transcript());
  }
}
