package dev.convoy.app;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether stderr is a terminal, where progress bars belong; in a log file their carriage-return
 * updates are noise. Java cannot ask about stderr directly: on Linux its file descriptor says; elsewhere
 * the console (stdin and stdout) stands in for it.
 */
final class Terminal {
  private Terminal() {}

  static boolean stderrIsTerminal() {
    Path fd = Path.of("/proc/self/fd/2");
    if (Files.exists(fd, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      try {
        String target = Files.readSymbolicLink(fd).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      } catch (IOException | UnsupportedOperationException e) {
        // Fall through to the console.
      }
    }
    Console console = System.console();
    return console != null && console.isTerminal();
  }
}
