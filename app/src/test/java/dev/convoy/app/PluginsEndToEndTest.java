package dev.convoy.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.convoy.api.ConvoyException;
import dev.convoy.formats.proto.ConvoyCheckpoint;
import dev.convoy.runtime.ProviderRegistry;
import dev.convoy.runtime.plugins.PluginLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin story end to end, each step of it a {@code convoy} command in a fresh JVM: the example
 * Maxout plugin, built on its own, goes into a plugins folder; {@code convoy plugins} lists it;
 * {@code convoy train} trains a small net with a Maxout layer on Fashion-MNIST for 200 steps and
 * saves it; other processes reload it and predict the same; without the plugin the model cannot be
 * loaded and the error names the plugin; a corrupt jar and a throwing provider beside it are skipped.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PluginsEndToEndTest {
  private static final Pattern ACCURACY = Pattern.compile("test accuracy: (\\d\\.\\d{4})\\s*$");

  @TempDir
  static Path dir;

  private static Path plugins;
  private static Path trained;
  private static Path image;
  private static String trainedAccuracy;

  @BeforeAll
  static void putTheExamplePluginInAFolder() throws Exception {
    assumeTrue(FreshJvm.modulePath() != null, "cannot tell the app's module path");
    plugins = Files.createDirectories(dir.resolve("plugins"));
    Files.copy(PluginJars.maxout(), plugins.resolve("plugin-maxout.jar"));
    image = dir.resolve("class7.png");
    TinyIdxData.writePng(image, 7);
  }

  @Test
  @Order(1)
  void pluginsListsTheMaxoutLayerWithItsManifest() throws Exception {
    CliRun run = FreshJvm.convoy(60, "plugins", "--plugins", plugins.toString());

    assertEquals(0, run.exitCode(), run.transcript());
    String maxout = run.out().lines().filter(l -> l.startsWith("layer ") && l.contains(" Maxout ")).findFirst()
        .orElseThrow(() -> new AssertionError("no Maxout row\n" + run.transcript()));
    for (String expected : List.of("org.example.convoy.maxout", "plugin-maxout.jar",
        "loaded: plugin maxout 0.1.0 for api [0.2.0,0.3.0)")) {
      assertTrue(maxout.contains(expected), expected + " in: " + maxout);
    }
    assertTrue(run.out().lines().anyMatch(l -> l.startsWith("layer ") && l.contains(" Conv ") && l.endsWith("built-in")),
        run.transcript());
    assertTrue(run.out().contains("1 loaded, 0 skipped"), run.transcript());
  }

  @Test
  @Order(2)
  void trainingANetWithTheMaxoutLayerRecordsThePluginInTheCheckpoint() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
        "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
    // The net is defined in Java, as the plugin's guide shows (usage/MaxNet.java), and saved untrained.
    Path untrained = dir.resolve("maxnet.convoy");
    CliRun define = FreshJvm.source(60, PluginJars.EXAMPLE.resolve("usage/MaxNet.java"), plugins.toString(),
        untrained.toString());
    assertEquals(0, define.exitCode(), define.transcript());
    assertTrue(define.out().contains("[conv1, maxout1, maxpool1, fc1], 5,978 parameters"), define.transcript());
    trained = dir.resolve("maxnet-trained.convoy");

    // 3,200 images in batches of 16: 200 steps on the reference backend.
    CliRun train = FreshJvm.convoy(120, "train", "--plugins", plugins.toString(), "--model", untrained.toString(),
        "--data", "fashion-mnist", "--limit", "3200", "--epochs", "1", "--batch", "16", "--lr", "0.01",
        "--seed", "5", "--backend", "reference", "--no-progress", "--out", trained.toString());

    assertEquals(0, train.exitCode(), train.transcript());
    Matcher last = ACCURACY.matcher(train.out());
    assertTrue(last.find(), train.transcript());
    trainedAccuracy = last.group(1);
    assertTrue(Double.parseDouble(trainedAccuracy) > 0.6, "10 classes, chance is 0.1: " + train.transcript());
    assertTrue(train.out().contains("3,200 training and 10,000 test images"), "200 steps of 16: " + train.transcript());

    ProviderRegistry withPlugin = PluginLoader.forHost().load(plugins).registry(ProviderRegistry.load());
    assertEquals(List.of("Maxout"), ConvoyCheckpoint.read(trained, withPlugin).pluginLayerTypes());
  }

  @Test
  @Order(3)
  void anotherProcessReloadsTheModelAndPredictsTheSame() throws Exception {
    assumeTrue(trained != null, "training did not run");
    CliRun eval = FreshJvm.convoy(60, "eval", trained.toString(), "--plugins", plugins.toString(), "--data",
        "fashion-mnist", "--backend", "reference");
    assertEquals(0, eval.exitCode(), eval.transcript());
    assertTrue(eval.out().contains("accuracy: " + trainedAccuracy + " ("),
        "all 10,000 test images classified as in training: " + eval.transcript());

    CliRun first = FreshJvm.convoy(60, "predict", trained.toString(), image.toString(), "--plugins",
        plugins.toString(), "--backend", "reference");
    CliRun second = CliRun.run(new CliEnvironment(ProviderRegistry::load,
            Map.of("convoy.plugins", plugins.toString())::get, name -> null),
        "predict", trained.toString(), image.toString(), "--backend", "reference");
    assertEquals(0, first.exitCode(), first.transcript());
    assertEquals(6, first.out().strip().lines().count(), first.transcript());
    assertEquals(first.out(), second.out(), "a fresh JVM and this one, with -Dconvoy.plugins");
  }

  @Test
  @Order(4)
  void withoutThePluginTheModelCannotLoadAndTheErrorNamesIt() throws Exception {
    assumeTrue(trained != null, "training did not run");
    CliRun run = FreshJvm.convoy(60, "predict", trained.toString(), image.toString(), "--backend", "reference");

    assertEquals(2, run.exitCode(), run.transcript());
    assertEquals(1, run.err().lines().count(), "one line, no stack trace: " + run.transcript());
    assertTrue(run.err().contains("node 'maxout1' has the layer type 'Maxout' of the plugin maxout 0.1.0, which is "
        + "not loaded; put the plugin that provides it in the plugins folder (--plugins DIR)"), run.transcript());

    ConvoyException e = assertThrows(ConvoyException.class, () -> ConvoyCheckpoint.read(trained, ProviderRegistry.load()));
    assertTrue(e.getMessage().contains("maxout 0.1.0"), e.getMessage());
  }

  @Test
  @Order(5)
  void aCorruptJarAndAThrowingProviderBesideItAreSkippedAndTheGoodPluginStillWorks() throws Exception {
    Path mixed = Files.createDirectories(dir.resolve("mixed"));
    Files.copy(PluginJars.maxout(), mixed.resolve("plugin-maxout.jar"));
    Files.write(mixed.resolve("corrupt.jar"), new byte[] {'P', 'K', 3, 4, 'n', 'o', 't', ' ', 'a', ' ', 'j', 'a', 'r'});
    PluginJars.throwing(mixed.resolve("thrower.jar"), "no licence key found");

    CliRun list = FreshJvm.convoy(60, "plugins", "--plugins", mixed.toString());

    assertEquals(0, list.exitCode(), list.transcript());
    assertTrue(list.out().lines().anyMatch(l -> l.contains(" Maxout ") && l.contains("loaded: plugin maxout 0.1.0")),
        list.transcript());
    assertTrue(list.out().lines().anyMatch(l -> l.contains("corrupt.jar") && l.contains("broken: corrupt.jar is not a "
        + "readable jar")), list.transcript());
    assertTrue(list.out().lines().anyMatch(l -> l.contains("thrower.jar") && l.contains("broken: ")
        && l.contains("no licence key found")), list.transcript());
    assertTrue(list.out().contains("1 loaded, 2 skipped"), list.transcript());

    if (trained != null) {
      CliRun predict = FreshJvm.convoy(60, "predict", trained.toString(), image.toString(), "--plugins",
          mixed.toString(), "--backend", "reference");
      assertEquals(0, predict.exitCode(), predict.transcript());
      assertEquals(2, predict.err().lines().filter(l -> l.startsWith("convoy: plugin ") && l.contains("skipped"))
          .count(), "one warning per skipped plugin: " + predict.transcript());
      assertEquals(6, predict.out().strip().lines().count(), predict.transcript());
    }
  }
}
