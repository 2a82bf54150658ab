package dev.convoy.runtime.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.ConvoyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginsFolderTest {
  @TempDir
  Path dir;

  @Test
  void theOptionWinsThenThePropertyThenTheVariable() throws Exception {
    Path option = Files.createDirectory(dir.resolve("option"));
    Path property = Files.createDirectory(dir.resolve("property"));
    Path variable = Files.createDirectory(dir.resolve("variable"));
    Map<String, String> props = Map.of(PluginsFolder.PROPERTY, property.toString());
    Map<String, String> env = Map.of(PluginsFolder.ENVIRONMENT, variable.toString());

    assertEquals(new PluginsFolder(option, "--plugins"), PluginsFolder.choose(option, props::get, env::get).orElseThrow());
    assertEquals(new PluginsFolder(property, "-Dconvoy.plugins"), PluginsFolder.choose(null, props::get, env::get).orElseThrow());
    assertEquals(new PluginsFolder(variable, "CONVOY_PLUGINS"), PluginsFolder.choose(null, k -> null, env::get).orElseThrow());
    assertEquals(Optional.empty(), PluginsFolder.choose(null, k -> null, k -> " "));
  }

  @Test
  void aFolderThatDoesNotExistIsAnErrorNamingWhoAskedForIt() {
    Path missing = dir.resolve("missing");
    ConvoyException e = assertThrows(ConvoyException.class,
        () -> PluginsFolder.choose(null, k -> null, Map.of(PluginsFolder.ENVIRONMENT, missing.toString())::get));
    assertTrue(e.getMessage().contains(missing + " (CONVOY_PLUGINS) does not exist"), e.getMessage());
  }
}
