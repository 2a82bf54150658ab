package dev.convoy.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HelpTest {

  @Test
  void rootHelpListsEveryCommand() {
    CliRun run = CliRun.run(CliRun.realProviders(), "--help");

    assertEquals(0, run.exitCode(), run.transcript());
    assertTrue(run.out().startsWith("Usage: convoy "), run.transcript());
    for (String command : new String[] {"backends", "layers", "optimizers", "help"}) {
      assertTrue(run.out().contains("  " + command + " "), command + "\n" + run.transcript());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"backends", "layers", "optimizers"})
  void everyCommandHasHelp(String command) {
    CliRun byOption = CliRun.run(CliRun.realProviders(), command, "--help");
    CliRun byHelpCommand = CliRun.run(CliRun.realProviders(), "help", command);

    assertEquals(0, byOption.exitCode(), byOption.transcript());
    assertTrue(byOption.out().startsWith("Usage: convoy " + command), byOption.transcript());
    assertEquals(byOption.out(), byHelpCommand.out());
  }

  @Test
  void versionNamesConvoyAndJava() {
    CliRun root = CliRun.run(CliRun.realProviders(), "--version");
    CliRun command = CliRun.run(CliRun.realProviders(), "backends", "--version");

    assertEquals(0, root.exitCode(), root.transcript());
    assertTrue(root.out().startsWith("convoy " + VersionProvider.appVersion()), root.transcript());
    assertTrue(root.out().contains("Java " + Runtime.version()), root.transcript());
    assertEquals(root.out(), command.out());
  }

  @Test
  void theTestsRunOnTheModulePathWhereTheAppHasItsVersion() {
    // Surefire puts target/classes on the module path; maven-compiler records the project version there.
    assertTrue(VersionProvider.class.getModule().isNamed());
  }
}
