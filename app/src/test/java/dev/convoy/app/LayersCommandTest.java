package dev.convoy.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.runtime.ProviderRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayersCommandTest {

  @Test
  void listsEveryTypeSortedWithItsModule() {
    CliEnvironment environment = CliRun.providers(() -> ProviderRegistry.of(
        List.of(FakeProviders.layers("Zeta", "Alpha"), FakeProviders.layers("Mid")), List.of(), List.of()));

    CliRun run = CliRun.run(environment, "layers");

    assertEquals(0, run.exitCode(), run.transcript());
    List<String> lines = run.out().lines().toList();
    assertTrue(lines.get(0).startsWith("TYPE"), run.transcript());
    assertTrue(lines.get(1).startsWith("Alpha ") && lines.get(1).contains("dev.convoy.app"), run.transcript());
    assertTrue(lines.get(2).startsWith("Mid "), run.transcript());
    assertTrue(lines.get(3).startsWith("Zeta "), run.transcript());
    assertTrue(run.out().contains("3 layer types from 1 modules"), run.transcript());
  }

  @Test
  void listsTheLayerTypesOfTheNotes() {
    CliRun run = CliRun.run(CliRun.realProviders(), "layers");

    assertEquals(0, run.exitCode(), run.transcript());
    for (String type : List.of("Conv", "MaxPool", "FC", "Relu")) {
      assertTrue(run.out().lines().anyMatch(line -> line.startsWith(type + " ")), type + "\n" + run.transcript());
    }
  }

  @Test
  void noProvidersIsNotAnError() {
    CliRun run = CliRun.run(CliRun.providers(() -> ProviderRegistry.of(List.of(), List.of(), List.of())), "layers");

    assertEquals(0, run.exitCode(), run.transcript());
    assertTrue(run.out().contains("No layer providers found"), run.transcript());
  }
}
