package dev.convoy.formats.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #18 point 6: the litter of a killed writer goes with the next save; a live writer's file stays. */
class StaleTempFilesTest {
  @TempDir
  Path dir;

  @Test
  void theNextSaveDeletesTheTemporaryFilesOfWritersThatDied() throws IOException {
    Path dead = Files.writeString(dir.resolve(".model.convoy.3f9a.tmp"), "half a checkpoint");
    Path otherFiles = Files.writeString(dir.resolve(".other.convoy.3f9a.tmp"), "not ours");
    Path notATemp = Files.writeString(dir.resolve(".model.convoy.notes.tmp"), "a user's file");
    AtomicFile.replace(dir.resolve("model.convoy"), out -> out.write(1));
    assertFalse(Files.exists(dead));
    assertTrue(Files.exists(otherFiles));
    assertTrue(Files.exists(notATemp));
    assertEquals(List.of(".model.convoy.notes.tmp", ".other.convoy.3f9a.tmp", "model.convoy"), names());
  }

  @Test
  void aTemporaryFileThatAWriterStillLocksIsLeftAlone() throws IOException {
    Path live = Files.writeString(dir.resolve(".model.convoy.aa.tmp"), "being written");
    try (FileChannel channel = FileChannel.open(live, StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
      AtomicFile.replace(dir.resolve("model.convoy"), out -> out.write(1));
      assertTrue(Files.exists(live));
    }
    AtomicFile.replace(dir.resolve("model.convoy"), out -> out.write(2));
    assertFalse(Files.exists(live), "once its writer is gone, it is litter");
  }

  private List<String> names() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
