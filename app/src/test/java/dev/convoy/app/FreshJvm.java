package dev.convoy.app;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs {@code convoy}, or a one-file program, in a new JVM on the module path as the launcher does. */
final class FreshJvm {
  private FreshJvm() {}

  /** This JVM's module path (surefire's), else the folder the build fills for the launcher; null if neither. */
  static String modulePath() throws IOException {
    String own = System.getProperty("jdk.module.path");
    if (own != null && !own.isBlank()) {
      return own;
    }
    Path modules = Path.of("target", "modules");
    if (Files.isDirectory(modules)) {
      try (Stream<Path> jars = Files.list(modules)) {
        List<String> paths = jars.filter(p -> p.toString().endsWith(".jar")).map(Path::toString).toList();
        return paths.isEmpty() ? null : String.join(File.pathSeparator, paths);
      }
    }
    return null;
  }

  /** {@code convoy args...} with no CONVOY_* variable from this machine; fails after {@code seconds}. */
  static CliRun convoy(int seconds, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("-m", "dev.convoy.app/dev.convoy.app.Main"));
    command.addAll(Arrays.asList(args));
    return java(seconds, command);
  }

  /** A Java program in one source file, run by the source launcher with every module of the module path. */
  static CliRun source(int seconds, Path file, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("--add-modules", "ALL-MODULE-PATH", file.toString()));
    command.addAll(Arrays.asList(args));
    return java(seconds, command);
  }

  /**
   * What the launcher adds for the modules of {@code modulePath} that load native code: the opencl
   * backend and JOCL, when they are there (naming an absent module would itself print a warning).
   */
  static List<String> nativeAccess(String modulePath) {
    return modulePath.contains("backends-opencl") && modulePath.contains("jocl")
        ? List.of("--enable-native-access=jocl,dev.convoy.backends.opencl")
        : List.of();
  }

  /** Starts {@code convoy args...} without waiting, its output going to {@code log}: for tests that kill it. */
  static Process startConvoy(Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("-m", "dev.convoy.app/dev.convoy.app.Main"));
    command.addAll(Arrays.asList(args));
    Process process = builder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    process.getOutputStream().close();
    return process;
  }

  /** Starts a one-file program as {@link #source} does, without waiting, its output going to {@code log}. */
  static Process startSource(Path log, Path file, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("--add-modules", "ALL-MODULE-PATH", file.toString()));
    command.addAll(Arrays.asList(args));
    Process process = builder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    process.getOutputStream().close();
    return process;
  }

  private static ProcessBuilder builder(List<String> arguments) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    String modulePath = modulePath();
    List<String> command = new ArrayList<>(List.of(java.toString(), "--sun-misc-unsafe-memory-access=allow",
        "--module-path", modulePath));
    command.addAll(nativeAccess(modulePath));
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("CONVOY_") || name.equals("JAVA_TOOL_OPTIONS"));
    return builder;
  }

  private static CliRun java(int seconds, List<String> arguments) throws IOException, InterruptedException {
    ProcessBuilder builder = builder(arguments);
    Path out = Files.createTempFile("convoy-stdout", ".txt");
    Path err = Files.createTempFile("convoy-stderr", ".txt");
    try {
      builder.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process process = builder.start();
      process.getOutputStream().close();
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("java " + String.join(" ", arguments) + " did not finish in " + seconds + " s:\n"
            + Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8));
      }
      return new CliRun(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
