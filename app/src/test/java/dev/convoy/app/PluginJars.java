package dev.convoy.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/** Plugin jars for tests: the example Maxout plugin, a provider that throws, a copy of one of Convoy's modules. */
final class PluginJars {
  /** The example plugin's own Maven project. */
  static final Path EXAMPLE = Path.of("..", "examples", "plugin-maxout");

  private PluginJars() {}

  /**
   * The example plugin's jar. The reactor builds it before app; when it is missing or older than
   * its sources (a build of app alone), it is built here with the project's Maven wrapper.
   */
  static synchronized Path maxout() throws IOException, InterruptedException {
    Path jar = builtJar();
    if (jar == null || Files.getLastModifiedTime(jar).compareTo(newestSource()) < 0) {
      buildExample();
      jar = builtJar();
    }
    if (jar == null) {
      throw new AssertionError("building " + EXAMPLE + " made no jar in its target folder");
    }
    return jar;
  }

  private static Path builtJar() throws IOException {
    Path target = EXAMPLE.resolve("target");
    if (!Files.isDirectory(target)) {
      return null;
    }
    try (Stream<Path> files = Files.list(target)) {
      return files.filter(p -> p.getFileName().toString().matches("plugin-maxout-[0-9.]+(-SNAPSHOT)?\\.jar"))
          .findFirst().orElse(null);
    }
  }

  private static FileTime newestSource() throws IOException {
    try (Stream<Path> files = Stream.concat(Stream.of(EXAMPLE.resolve("pom.xml")), Files.walk(EXAMPLE.resolve("src")))) {
      return files.filter(Files::isRegularFile).map(PluginJars::modified).max(Comparator.naturalOrder()).orElseThrow();
    }
  }

  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** {@code mvnw -o -q -f examples/plugin-maxout/pom.xml package}: its own tests run in its own build. */
  private static void buildExample() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of("..", "mvnw").toAbsolutePath().normalize().toString(),
        "-o", "-q", "-B", "-f", EXAMPLE.resolve("pom.xml").toString(), "package", "-DskipTests"));
    String repository = System.getProperty("maven.repo.local");
    if (repository != null) {
      command.add("-Dmaven.repo.local=" + repository);
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(300, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    assertEquals(0, process.exitValue(), "building the example plugin: " + String.join(" ", command) + "\n" + output);
  }

  /** A plugin jar whose layer provider's constructor throws {@code message}. */
  static Path throwing(Path jar, String message) throws IOException {
    Path work = Files.createTempDirectory("convoy-thrower-");
    Path source = work.resolve("src/test/thrower/Provider.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, """
        package test.thrower;

        public final class Provider implements dev.convoy.api.LayerProvider {
          public Provider() {
            throw new IllegalStateException("%s");
          }

          public java.util.Set<String> types() {
            return java.util.Set.of("Thrower");
          }

          public dev.convoy.api.Layer create(String node, dev.convoy.api.LayerSpec spec,
              java.util.List<dev.convoy.api.Shape> inputs) {
            throw new UnsupportedOperationException();
          }
        }
        """.formatted(message));
    Path info = work.resolve("src/module-info.java");
    Files.writeString(info, "module test.thrower { requires dev.convoy.api;"
        + " provides dev.convoy.api.LayerProvider with test.thrower.Provider; }");
    Path classes = work.resolve("classes");
    run("javac", "-d", classes.toString(), "--module-path", location("dev.convoy.api").toString(), info.toString(),
        source.toString());
    run("jar", "--create", "--file", jar.toString(), "-C", classes.toString(), ".");
    try (Stream<Path> files = Files.walk(work)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    return jar;
  }

  /** The boot layer's module {@code name} as a jar at {@code jar} (packed when it is a classes folder). */
  static Path copyOfModule(String name, Path jar) throws IOException {
    Path from = location(name);
    if (Files.isDirectory(from)) {
      run("jar", "--create", "--file", jar.toString(), "-C", from.toString(), ".");
    } else {
      Files.copy(from, jar);
    }
    return jar;
  }

  private static Path location(String module) {
    return ModuleLayer.boot().configuration().findModule(module).flatMap(m -> m.reference().location())
        .map(Path::of).orElseThrow(() -> new IllegalStateException(module + " is not in the boot layer"));
  }

  private static void run(String tool, String... args) {
    StringWriter out = new StringWriter();
    PrintWriter writer = new PrintWriter(out);
    int code = ToolProvider.findFirst(tool).orElseThrow().run(writer, writer, args);
    writer.flush();
    if (code != 0) {
      throw new IllegalStateException(tool + " failed: " + out);
    }
  }
}
