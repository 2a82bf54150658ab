package dev.convoy.app;

import dev.convoy.api.ConvoyException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks a file to be written before any work, so that a typo in its folder costs a second, not a run. */
final class OutputPath {
  private OutputPath() {}

  static void requireWritable(String option, Path file) {
    Path absolute = file.toAbsolutePath();
    Path dir = absolute.getParent();
    if (!Files.isDirectory(dir)) {
      throw new ConvoyException(option + " " + file + ": the folder " + dir + " does not exist; create it first");
    }
    if (!Files.isWritable(dir)) {
      throw new ConvoyException(option + " " + file + ": the folder " + dir + " is not writable");
    }
    if (Files.isDirectory(absolute)) {
      throw new ConvoyException(option + " " + file + " is a folder; name a file");
    }
  }
}
