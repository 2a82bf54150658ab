package dev.convoy.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Starts {@code convoy} in a fresh JVM exactly as the launcher does ({@code java --module-path ...
 * -m dev.convoy.app/dev.convoy.app.Main}), so that the providers are found by ServiceLoader through
 * their module descriptors, with nothing of the test set-up in between.
 */
class ModulePathLaunchTest {
  private static String modulePath;

  @BeforeAll
  static void findModulePath() throws IOException {
    modulePath = modulePath();
    assumeTrue(modulePath != null,
        "cannot tell the app's module path: jdk.module.path is not set and app/target/modules does not exist");
  }

  /** This JVM's module path (surefire runs the tests on it), else the folder the build fills for the launcher. */
  private static String modulePath() throws IOException {
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

  private static CliRun launch(String... args) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), "--module-path", modulePath));
    command.addAll(FreshJvm.nativeAccess(modulePath));
    command.addAll(List.of("-m", "dev.convoy.app/dev.convoy.app.Main"));
    command.addAll(Arrays.asList(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("CONVOY_BACKEND");
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    Path err = Files.createTempFile("convoy-stderr", ".txt");
    try {
      builder.redirectError(err.toFile());
      Process process = builder.start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("convoy " + String.join(" ", args) + " did not finish in 60 s");
      }
      return new CliRun(process.exitValue(), out, Files.readString(err));
    } finally {
      Files.deleteIfExists(err);
    }
  }

  @Test
  void backendsFindsTheReferenceBackendThroughItsModuleDescriptor() throws Exception {
    // By name: without --backend the choice depends on the machine (simd where the Vector API is loaded, else
    // opencl where an OpenCL device is, else reference).
    CliRun run = launch("backends", "--backend", "reference");

    assertEquals(0, run.exitCode(), run.transcript() + "\nmodule path: " + modulePath);
    assertTrue(run.out().lines().anyMatch(line -> line.startsWith("reference ") && line.contains(" yes ")),
        run.transcript());
    assertTrue(run.out().contains("Would choose: reference (chosen by --backend reference)"), run.transcript());
  }

  @Test
  void layersListsTheLayerTypesOfEveryLayerModule() throws Exception {
    CliRun run = launch("layers");

    assertEquals(0, run.exitCode(), run.transcript() + "\nmodule path: " + modulePath);
    for (String type : List.of("Conv", "MaxPool", "FC", "Relu")) {
      assertTrue(run.out().lines().anyMatch(line -> line.startsWith(type + " ")), type + "\n" + run.transcript());
    }
  }

  @Test
  void anUnknownBackendExitsTwoWithOneLine() throws Exception {
    CliRun run = launch("backends", "--backend", "nosuch");

    assertEquals(2, run.exitCode(), run.transcript());
    assertEquals(1, run.err().lines().count(), run.transcript());
    assertTrue(run.err().contains("reference"), run.transcript());
  }
}
