package dev.convoy.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.runtime.ProviderRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code convoy plugins} and {@code --plugins} on the other commands, in this JVM. */
class PluginsCommandTest {
  @TempDir
  Path dir;

  private Path folderWithMaxout() throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Files.copy(PluginJars.maxout(), plugins.resolve("plugin-maxout.jar"));
    return plugins;
  }

  @Test
  void withoutAFolderItListsTheBuiltInProvidersAndSaysHowToNameOne() {
    CliRun run = CliRun.run(CliRun.realProviders(), "plugins");

    assertEquals(0, run.exitCode(), run.transcript());
    assertTrue(run.out().startsWith("KIND"), run.transcript());
    assertTrue(run.out().lines().anyMatch(l -> l.startsWith("backend ") && l.contains("reference")
        && l.endsWith("built-in")), run.transcript());
    assertTrue(run.out().lines().anyMatch(l -> l.startsWith("optimizer ") && l.contains("momentum")), run.transcript());
    assertTrue(run.out().contains("No plugins folder: name one with --plugins DIR, -Dconvoy.plugins=DIR or "
        + "CONVOY_PLUGINS=DIR."), run.transcript());
  }

  @Test
  void theVariableNamesTheFolderForEveryCommand() throws Exception {
    Path plugins = folderWithMaxout();
    CliEnvironment environment = new CliEnvironment(ProviderRegistry::load, name -> null,
        Map.of("CONVOY_PLUGINS", plugins.toString())::get);

    CliRun layers = CliRun.run(environment, "layers");

    assertEquals(0, layers.exitCode(), layers.transcript());
    assertTrue(layers.out().lines().anyMatch(l -> l.startsWith("Maxout ") && l.contains("org.example.convoy.maxout")),
        layers.transcript());
    assertTrue(layers.err().isEmpty(), layers.transcript());
  }

  @Test
  void aFolderThatDoesNotExistIsABadUsage() {
    CliRun run = CliRun.run(CliRun.realProviders(), "layers", "--plugins", dir.resolve("nope").toString());

    assertEquals(2, run.exitCode(), run.transcript());
    assertTrue(run.err().contains("the plugins folder " + dir.resolve("nope") + " (--plugins) does not exist"),
        run.transcript());
  }

  @Test
  void ofTwoPluginsWithTheSameLayerTypeTheSecondIsSkippedWithItsReason() throws Exception {
    Path plugins = folderWithMaxout();
    Files.copy(plugins.resolve("plugin-maxout.jar"), plugins.resolve("maxout-copy.jar"));

    CliRun run = CliRun.run(CliRun.realProviders(), "plugins", "--plugins", plugins.toString());

    assertEquals(0, run.exitCode(), run.transcript());
    assertEquals(1, run.out().lines().filter(l -> l.contains(" Maxout ")).count(), "one keeps it: " + run.transcript());
    assertTrue(run.out().contains("clashing: its layer type 'Maxout' is already provided by"), run.transcript());
  }

  @Test
  void aPluginDuplicatingABuiltInLayerTypeIsSkippedAndEveryCommandStillWorks() throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("relu-plugins"));
    PluginJars.copyOfModule("dev.convoy.layers.core", plugins.resolve("core-again.jar"));

    CliRun run = CliRun.run(CliRun.realProviders(), "layers", "--plugins", plugins.toString());

    assertEquals(0, run.exitCode(), run.transcript());
    assertTrue(run.err().contains("convoy: plugin core-again.jar: skipped, its layer type '"), run.transcript());
    assertTrue(run.err().contains("is already provided by module dev.convoy.layers.core"), run.transcript());
  }

  @Test
  void theReferenceBackendLoadedAsAPluginIsChosenWithDashDashBackend() throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("backend-plugins"));
    PluginJars.copyOfModule("dev.convoy.backends.reference", plugins.resolve("reference-as-plugin.jar"));
    // Built in: the real layers and optimizers, but no backend at all.
    CliEnvironment noBackends = CliRun.providers(() -> {
      ProviderRegistry all = ProviderRegistry.load();
      return ProviderRegistry.of(List.copyOf(new java.util.LinkedHashSet<>(all.layerProviders().values())), List.of(),
          List.copyOf(new java.util.LinkedHashSet<>(all.optimizerProviders().values())));
    });
    assertEquals(2, CliRun.run(noBackends, "backends", "--backend", "reference").exitCode(), "no backend without it");

    CliRun run = CliRun.run(noBackends, "backends", "--plugins", plugins.toString(), "--backend", "reference");

    assertEquals(0, run.exitCode(), run.transcript());
    assertTrue(run.out().lines().anyMatch(l -> l.startsWith("reference ") && l.contains("reference-as-plugin.jar")),
        run.transcript());
    assertTrue(run.out().contains("Would choose: reference (chosen by --backend reference)"), run.transcript());
  }
}
