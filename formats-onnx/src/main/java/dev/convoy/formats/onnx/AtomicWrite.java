package dev.convoy.formats.onnx;

import dev.convoy.api.ConvoyException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a file all at once: written beside the target, forced to disk, renamed over it. A
 * failure leaves the old file as it was and no temporary file behind.
 */
final class AtomicWrite {
  /** Writes the content; anything it throws aborts the replacement. */
  interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicWrite() {}

  static void replace(Path target, Content content) {
    Path absolute = target.toAbsolutePath();
    Path temp = absolute.resolveSibling("." + absolute.getFileName() + "."
        + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    boolean moved = false;
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        content.writeTo(out);
        out.flush();
        channel.force(true);
      }
      Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      moved = true;
    } catch (IOException e) {
      throw new ConvoyException("cannot write " + target + ": " + e + "; check that the directory exists and is"
          + " writable (the previous file, if any, is unchanged)", e);
    } finally {
      if (!moved) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          // The target is untouched; the original failure is what matters.
        }
      }
    }
  }
}
