package dev.convoy.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #18 point 6: SIGTERM (what Ctrl-C's SIGINT also does: the JVM runs its shutdown hooks) in
 * the middle of a save leaves the previous checkpoint and no temporary file, in a fresh JVM.
 */
class TempFilesOnSignalTest {
  @TempDir
  Path dir;

  @Test
  void aSignalDuringASaveLeavesNoTemporaryFile() throws Exception {
    Path target = Files.writeString(dir.resolve("model.convoy"), "the previous checkpoint");
    Path program = dir.resolve("SlowSave.java");
    Files.writeString(program, """
        import dev.convoy.formats.proto.AtomicFile;
        import java.nio.file.Path;

        class SlowSave {
          public static void main(String[] args) {
            AtomicFile.replace(Path.of(args[0]), out -> {
              out.write(new byte[1 << 20]);
              out.flush();
              System.out.println("writing");
              System.out.flush();
              try {
                Thread.sleep(60_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
          }
        }
        """);
    Path log = dir.resolve("log.txt");
    Process process = FreshJvm.startSource(log, program, target.toString());
    try {
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (!Files.readString(log, StandardCharsets.UTF_8).contains("writing")) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          fail("the save never started:\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        Thread.sleep(20);
      }
      assertEquals(4, files().size(), "the temporary file exists while writing: " + files());
    } finally {
      process.destroy(); // SIGTERM
      process.waitFor();
    }
    assertEquals(List.of("SlowSave.java", "log.txt", "model.convoy"), files());
    assertTrue(Files.readString(target).equals("the previous checkpoint"));
  }

  private List<String> files() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
