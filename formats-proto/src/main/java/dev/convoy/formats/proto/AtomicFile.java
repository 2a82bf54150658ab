package dev.convoy.formats.proto;

import dev.convoy.api.ConvoyException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a file all at once: the content goes to a temporary file in the same directory (so the
 * rename stays on one file system), is forced to disk, then renamed over the target. A crash or an
 * exception at any point leaves the old file as it was and no temporary file behind.
 */
final class AtomicFile {
  private AtomicFile() {}

  /** Writes the content of a file; may throw anything, which aborts the replacement. */
  interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  static void replace(Path target, Content content) {
    Path absolute = target.toAbsolutePath();
    Path directory = absolute.getParent();
    // Not Files.createTempFile: that makes the file owner-only, and the rename would keep that.
    Path temp = directory.resolve("." + absolute.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
        + ".tmp");
    boolean replaced = false;
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        content.writeTo(out);
        out.flush();
        channel.force(true);
      }
      move(temp, absolute);
      replaced = true;
      syncDirectory(directory);
    } catch (IOException e) {
      throw new ConvoyException("cannot write " + target + ": " + describe(e)
          + "; check that the directory exists, is writable and has space (the previous file, if any, is unchanged)", e);
    } finally {
      if (!replaced) {
        deleteQuietly(temp);
      }
    }
  }

  private static void move(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the file system of " + target.getParent() + " cannot rename atomically", e);
    }
  }

  /** Makes the rename itself durable; not every platform can open a directory, which is fine. */
  private static void syncDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // The file is complete and renamed; only its durability across a power cut is less certain.
    }
  }

  private static void deleteQuietly(Path temp) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      // Nothing more to do: the target is untouched and the original failure is what matters.
    }
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + " " + e.getMessage();
  }
}
