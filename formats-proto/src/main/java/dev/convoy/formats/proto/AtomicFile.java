package dev.convoy.formats.proto;

import dev.convoy.api.ConvoyException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a file all at once: the content goes to a temporary file {@code .NAME.<hex>.tmp} in the
 * same directory (so the rename stays on one file system), is forced to disk, then renamed over the
 * target. A crash or an exception at any point leaves the old file as it was. No temporary file
 * outlives the write: an exception deletes it, a shutdown hook deletes it on SIGINT or SIGTERM, and
 * one left by a SIGKILL or a power cut is deleted by the next replacement of the same file. The
 * writer holds a lock on its temporary file until the rename, which is how that cleaning tells a
 * dead writer's file from a live one's, also across processes.
 */
public final class AtomicFile {
  private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> IN_FLIGHT.forEach(AtomicFile::deleteQuietly),
        "convoy-temp-files"));
  }

  private AtomicFile() {}

  /** Writes the content of a file; may throw anything, which aborts the replacement. */
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Replaces {@code target} with what {@code content} writes; one-line {@link ConvoyException} on failure. */
  public static void replace(Path target, Content content) {
    Path absolute = target.toAbsolutePath();
    Path directory = absolute.getParent();
    removeStale(directory, absolute.getFileName().toString());
    // Not Files.createTempFile: that makes the file owner-only, and the rename would keep that.
    Path temp = directory.resolve("." + absolute.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
        + ".tmp");
    boolean replaced = false;
    IN_FLIGHT.add(temp);
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        content.writeTo(out);
        out.flush();
        channel.force(true);
        move(temp, absolute); // still locked, so no other writer takes it for stale meanwhile
        replaced = true;
      }
      syncDirectory(directory);
    } catch (IOException e) {
      throw new ConvoyException("cannot write " + target + ": " + describe(e)
          + "; check that the directory exists, is writable and has space (the previous file, if any, is unchanged)", e);
    } finally {
      if (!replaced) {
        deleteQuietly(temp);
      }
      IN_FLIGHT.remove(temp);
    }
  }

  /** Deletes the temporary files of {@code name} that no live writer holds: the litter of a killed one. */
  static void removeStale(Path directory, String name) {
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(directory,
        path -> isTempOf(path.getFileName().toString(), name))) {
      for (Path temp : temps) {
        if (!IN_FLIGHT.contains(temp) && unlocked(temp)) {
          deleteQuietly(temp);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Cleaning is a courtesy: the write itself does not depend on it.
    }
  }

  static boolean isTempOf(String file, String name) {
    String prefix = "." + name + ".";
    return file.startsWith(prefix) && file.endsWith(".tmp")
        && file.substring(prefix.length(), file.length() - 4).matches("[0-9a-f]{1,16}");
  }

  private static boolean unlocked(Path temp) {
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE); FileLock lock = channel.tryLock()) {
      return lock != null;
    } catch (OverlappingFileLockException | IOException e) {
      return false; // held in this JVM, or not ours to judge
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
