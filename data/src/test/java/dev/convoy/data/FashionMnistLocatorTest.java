package dev.convoy.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.ConvoyException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistLocatorTest {
  @TempDir Path dir;
  private final List<List<String>> commands = new ArrayList<>();

  @Test
  void missingWithoutInstallSaysHowToInstall() {
    FashionMnistLocator locator = new FashionMnistLocator(dir, () -> true, this::recordFailure);
    ConvoyException e = assertThrows(ConvoyException.class, () -> locator.locate(false));
    assertTrue(e.getMessage().startsWith("Fashion-MNIST is not installed: run `apt-get install"
        + " dataset-fashion-mnist` (as root) or pass --data DIR"), e.getMessage());
    assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
    assertTrue(commands.isEmpty(), "installs only when asked");
  }

  @Test
  void notRootDoesNotTryToInstall() {
    FashionMnistLocator locator = new FashionMnistLocator(dir, () -> false, this::recordFailure);
    assertThrows(ConvoyException.class, () -> locator.locate(true));
    assertTrue(commands.isEmpty());
  }

  @Test
  void installsWhenAskedAndAllowed() {
    FashionMnistLocator locator = new FashionMnistLocator(dir, () -> true, command -> {
      commands.add(command);
      DatasetsTest.writeIdxFolder(dir);
      return new FashionMnistLocator.Outcome(0, "ok");
    });
    assertEquals(dir, locator.locate(true));
    assertEquals(List.of(List.of("apt-get", "install", "-y", "--no-install-recommends",
        "dataset-fashion-mnist")), commands);
  }

  @Test
  void failedInstallRetriesAfterUpdateThenReportsTheOutput() {
    FashionMnistLocator locator = new FashionMnistLocator(dir, () -> true, this::recordFailure);
    ConvoyException e = assertThrows(ConvoyException.class, () -> locator.locate(true));
    assertTrue(e.getMessage().contains("E: Unable to locate package"), e.getMessage());
    assertTrue(e.getMessage().contains("exit code 100"), e.getMessage());
    assertEquals(List.of("apt-get", "update"), commands.get(1));
    assertEquals(3, commands.size());
  }

  @Test
  void presentFilesAreFoundWithoutInstalling() {
    DatasetsTest.writeIdxFolder(dir);
    assertEquals(dir, new FashionMnistLocator(dir, () -> true, this::recordFailure).locate(true));
    assertTrue(commands.isEmpty());
  }

  private FashionMnistLocator.Outcome recordFailure(List<String> command) {
    commands.add(command);
    return new FashionMnistLocator.Outcome(100, "E: Unable to locate package dataset-fashion-mnist");
  }
}
