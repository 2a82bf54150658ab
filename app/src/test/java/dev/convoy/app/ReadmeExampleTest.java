package dev.convoy.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #18 point 9: the README's "From Java" example compiles and runs as printed, in a fresh JVM on
 * the module path, with only its dataset name and image file swapped for small local ones.
 */
class ReadmeExampleTest {
  private static final String IMPORTS = """
      import dev.convoy.api.*;
      import dev.convoy.data.*;
      import dev.convoy.runtime.*;
      import java.nio.file.Path;
      import java.util.Arrays;
      import java.util.List;
      import java.util.Map;
      """;

  @TempDir
  Path dir;

  @Test
  void theFromJavaExampleCompilesAndTrains() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    Matcher block = Pattern.compile("## From Java\\s+```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertTrue(block.find(), "the README has a From Java example");
    String example = block.group(1);
    assertTrue(example.contains("\"fashion-mnist\"") && example.contains("\"shoe.png\""), example);

    Path data = Files.createDirectories(dir.resolve("tiny"));
    TinyIdxData.write(data, 200, 40, 3);
    Path shoe = dir.resolve("shoe.png");
    ImageIO.write(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB), "png", shoe.toFile());
    String body = example.replace("\"fashion-mnist\"", quote(data)).replace("\"shoe.png\"", quote(shoe));
    Path program = dir.resolve("ReadmeExample.java");
    Files.writeString(program, IMPORTS + "\nclass ReadmeExample {\n  public static void main(String[] args) throws"
        + " Exception {\n" + body + "  }\n}\n");

    CliRun run = FreshJvm.source(180, program);
    assertEquals(0, run.exitCode(), run.transcript() + "\n" + Files.readString(program));
    Matcher accuracy = Pattern.compile("test accuracy: ([0-9.]+)").matcher(run.out());
    assertTrue(accuracy.find(), run.transcript());
    assertTrue(Double.parseDouble(accuracy.group(1)) > 0.3, "it learns (chance is 0.1): " + run.transcript());
    assertEquals(10, run.out().lines().filter(l -> l.startsWith("scores: ")).findFirst().orElseThrow()
        .split(",").length, run.transcript());
  }

  private static String quote(Path path) {
    return "\"" + path.toAbsolutePath().toString().replace("\\", "\\\\") + "\"";
  }
}
