package dev.convoy.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.Shape;
import dev.convoy.formats.proto.ConvoyCheckpoint;
import dev.convoy.formats.proto.TrainingState;
import dev.convoy.runtime.BackendSelector;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.ProviderRegistry;
import dev.convoy.runtime.Sequential;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #18 point 2: a 3-class RGB folder is not bent to fit a 10-class grey model. Evaluating or
 * training on it is one line and exit 2 naming the data and the model, before any training.
 */
class DataModelMismatchTest {
  private static final ProviderRegistry REGISTRY = ProviderRegistry.load();

  @TempDir
  static Path dir;

  private static Path colours;
  private static Path greyModel;

  @BeforeAll
  static void aThreeClassRgbFolderAndATenClassGreyModel() throws Exception {
    colours = dir.resolve("colours");
    int[] rgb = {0xFF0000, 0x00FF00, 0x0000FF};
    for (int c = 0; c < 3; c++) {
      Files.createDirectories(colours.resolve("c" + c));
      for (int i = 0; i < 4; i++) {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
          for (int x = 0; x < 32; x++) {
            image.setRGB(x, y, rgb[c] ^ (i * 0x030303));
          }
        }
        ImageIO.write(image, "png", colours.resolve("c" + c).resolve(i + ".png").toFile());
      }
    }
    Path data = Files.createDirectories(dir.resolve("tiny"));
    TinyIdxData.write(data, 40, 20, 5);
    Path untrained = dir.resolve("small.convoy");
    try (Backend backend = new BackendSelector(REGISTRY, k -> null, k -> null).select("reference").open();
        Model model = Model.create(Sequential.input(REGISTRY, Shape.nchw(8, 1, 28, 28))
            .conv(2, 5, 1, 2).relu().maxPool(2, 2).fc(10).build(), backend, 7)) {
      ConvoyCheckpoint.write(untrained, model, Map.of(), TrainingState.start(7));
    }
    greyModel = dir.resolve("grey.convoy");
    CliRun run = cli("train", "--model", untrained.toString(), "--data", data.toString(), "--epochs", "1",
        "--batch", "8", "--out", greyModel.toString());
    assertEquals(0, run.exitCode(), run.transcript());
  }

  private static CliRun cli(String... args) {
    String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
        java.util.stream.Stream.of("--backend", "reference")).toArray(String[]::new);
    return CliRun.run(CliRun.realProviders(), all);
  }

  @Test
  void evalRefusesImagesOfAnotherSizeAndChannels() {
    CliRun run = cli("eval", greyModel.toString(), "--data", colours.toString());
    assertEquals(2, run.exitCode(), run.transcript());
    assertTrue(run.err().contains("is a 32x32 RGB image but 28x28 grey was asked for"), run.transcript());
    assertEquals(1, run.err().lines().count(), run.transcript());
    assertFalse(run.out().contains("accuracy"), run.transcript());
  }

  @Test
  void evalWithResizeStillRefusesAnotherClassCount() {
    CliRun run = cli("eval", greyModel.toString(), "--data", colours.toString(), "--resize");
    assertEquals(2, run.exitCode(), run.transcript());
    assertTrue(run.err().contains("has 3 classes [c0, c1, c2] but " + greyModel + " scores 10"), run.transcript());
    assertFalse(run.out().contains("accuracy"), run.transcript());
  }

  @Test
  void trainingATenClassZooModelOnThreeClassesIsRefusedBeforeTraining() {
    CliRun run = cli("train", "--model", "cifar-small", "--data", colours.toString(), "--epochs", "1");
    assertEquals(2, run.exitCode(), run.transcript());
    assertTrue(run.err().contains("has 3 classes but cifar-small scores 10"), run.transcript());
    assertFalse(run.out().contains("epoch 1"), run.transcript());
  }
}
