package dev.convoy.data;

import dev.convoy.api.ConvoyException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Finds Fashion-MNIST where Debian's {@code dataset-fashion-mnist} package installs it,
 * {@value #DEBIAN_DIR}. When it is missing, it can install the package itself, but only when
 * asked to, running as root, with {@code apt-get} on the PATH; otherwise it says how to.
 */
public final class FashionMnistLocator {
  /** Where the Debian package puts the four gzip-compressed IDX files. */
  public static final String DEBIAN_DIR = "/usr/share/datasets/fashion-mnist";
  public static final String PACKAGE = "dataset-fashion-mnist";
  static final List<String> FILES = List.of(
      "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
      "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

  private static final System.Logger LOG = System.getLogger(FashionMnistLocator.class.getName());

  /** Runs a command and reports its exit code and the end of its output. */
  @FunctionalInterface
  interface CommandRunner {
    Outcome run(List<String> command);
  }

  record Outcome(int exitCode, String output) {}

  private final Path dir;
  private final BooleanSupplier canInstall;
  private final CommandRunner runner;

  /** Looks in {@value #DEBIAN_DIR} and installs with the real apt-get. */
  public FashionMnistLocator() {
    this(Path.of(DEBIAN_DIR), FashionMnistLocator::rootWithAptGet, FashionMnistLocator::execute);
  }

  FashionMnistLocator(Path dir, BooleanSupplier canInstall, CommandRunner runner) {
    this.dir = dir;
    this.canInstall = canInstall;
    this.runner = runner;
  }

  /** The folder holding the four files, installing the package first if allowed and needed. */
  public Path locate(boolean installIfMissing) {
    if (missing().isEmpty()) {
      return dir;
    }
    if (installIfMissing && canInstall.getAsBoolean()) {
      install();
      if (missing().isEmpty()) {
        return dir;
      }
    }
    throw new ConvoyException("Fashion-MNIST is not installed: run `apt-get install " + PACKAGE
        + "` (as root) or pass --data DIR (missing in " + dir + ": " + String.join(", ", missing())
        + ")");
  }

  private List<String> missing() {
    return FILES.stream().filter(f -> !Files.isRegularFile(dir.resolve(f))).toList();
  }

  private void install() {
    LOG.log(Level.INFO, "Fashion-MNIST is missing; installing " + PACKAGE + " with apt-get");
    List<String> install = List.of("apt-get", "install", "-y", "--no-install-recommends", PACKAGE);
    Outcome outcome = runner.run(install);
    if (outcome.exitCode() != 0) {
      // Usually stale package lists: refresh them once and retry.
      runner.run(List.of("apt-get", "update"));
      outcome = runner.run(install);
    }
    if (outcome.exitCode() != 0) {
      throw new ConvoyException("Fashion-MNIST is not installed and `apt-get install " + PACKAGE
          + "` failed (exit code " + outcome.exitCode() + "): " + outcome.output().strip()
          + "; install it yourself or pass --data DIR");
    }
  }

  private static boolean rootWithAptGet() {
    return isRoot() && onPath("apt-get");
  }

  private static boolean isRoot() {
    try {
      // /proc/self belongs to the process's effective user.
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String entry : path.split(File.pathSeparator)) {
      if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, command))) {
        return true;
      }
    }
    return false;
  }

  private static Outcome execute(List<String> command) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("DEBIAN_FRONTEND", "noninteractive");
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      byte[] output;
      try (InputStream in = process.getInputStream()) {
        output = in.readAllBytes();
      }
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        return new Outcome(-1, "timed out after 10 minutes");
      }
      String text = new String(output, StandardCharsets.UTF_8);
      return new Outcome(process.exitValue(), text.substring(Math.max(0, text.length() - 2000)));
    } catch (IOException e) {
      return new Outcome(-1, "cannot run " + command.getFirst() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(-1, "interrupted");
    }
  }
}
