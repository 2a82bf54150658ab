package dev.convoy.runtime.plugins;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds a small module jar in a test, as a plugin author's build would: sources compiled with
 * javac against the api (and any other module jars), resources copied, packed with the jar tool.
 */
final class TestJar {
  private final Map<String, String> files = new LinkedHashMap<>();
  private final List<Path> modulePath = new ArrayList<>(List.of(apiLocation()));

  /** A plain jar, without {@code module-info.java}: on a module path, an automatic module. */
  static TestJar plain() {
    return new TestJar();
  }

  /** A jar whose {@code module-info.java} is {@code moduleInfo}. */
  static TestJar module(String moduleInfo) {
    return new TestJar().file("module-info.java", moduleInfo);
  }

  /** A source ({@code .java}, compiled) or a resource (anything else, copied as is). */
  TestJar file(String path, String content) {
    files.put(path, content);
    return this;
  }

  /** A {@code META-INF/convoy-plugin.properties}. */
  TestJar manifest(String name, String version, String apiRange) {
    return file(PluginManifest.FILE, "name=" + name + "\nversion=" + version + "\napi-version=" + apiRange + "\n");
  }

  /** Another module jar to compile against (a library the plugin needs). */
  TestJar requires(Path jar) {
    modulePath.add(jar);
    return this;
  }

  /** Compiles and packs into {@code jar}; returns it. */
  Path build(Path jar) {
    try {
      // Built outside the jar's folder: a build folder inside a plugins folder would read as a plugin.
      Path work = Files.createTempDirectory("convoy-test-jar-");
      Path src = work.resolve("src");
      Path classes = work.resolve("classes");
      List<String> sources = new ArrayList<>();
      for (var e : files.entrySet()) {
        Path target = (e.getKey().endsWith(".java") ? src : classes).resolve(e.getKey());
        Files.createDirectories(target.getParent());
        Files.writeString(target, e.getValue());
        if (e.getKey().endsWith(".java")) {
          sources.add(target.toString());
        }
      }
      List<String> javac = new ArrayList<>(List.of("-d", classes.toString(), "--module-path",
          modulePath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator))));
      javac.addAll(sources);
      run("javac", javac);
      Files.createDirectories(jar.toAbsolutePath().getParent());
      run("jar", List.of("--create", "--file", jar.toString(), "-C", classes.toString(), "."));
      delete(work);
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where the api module was loaded from: a jar, or a classes folder in a reactor build. */
  static Path apiLocation() {
    return location("dev.convoy.api");
  }

  /** The jar or folder the boot layer's module {@code name} came from. */
  static Path location(String name) {
    return ModuleLayer.boot().configuration().findModule(name)
        .flatMap(m -> m.reference().location()).map(Path::of)
        .orElseThrow(() -> new IllegalStateException(name + " is not in the boot layer"));
  }

  /** The boot layer's module {@code name} as a jar at {@code jar}, packing a classes folder if need be. */
  static Path copyOfModule(String name, Path jar) throws IOException {
    Path from = location(name);
    if (Files.isDirectory(from)) {
      run("jar", List.of("--create", "--file", jar.toString(), "-C", from.toString(), "."));
    } else {
      Files.copy(from, jar);
    }
    return jar;
  }

  private static void run(String tool, List<String> args) {
    ToolProvider provider = ToolProvider.findFirst(tool)
        .orElseThrow(() -> new IllegalStateException("no " + tool + " in this JDK"));
    StringWriter out = new StringWriter();
    PrintWriter writer = new PrintWriter(out);
    int code = provider.run(writer, writer, args.toArray(String[]::new));
    writer.flush();
    if (code != 0) {
      throw new IllegalStateException(tool + " " + String.join(" ", args) + " failed (" + code + "):\n" + out);
    }
  }

  /** Source of a layer provider class {@code pkg.name} whose types are {@code typesExpression} (Java). */
  static String layerProvider(String pkg, String name, String typesExpression, String constructorBody) {
    return """
        package %1$s;

        import dev.convoy.api.*;
        import java.util.List;
        import java.util.Set;

        public final class %2$s implements LayerProvider {
          public %2$s() {
            %4$s
          }

          @Override
          public Set<String> types() {
            return %3$s;
          }

          /** y = 2x, so a test can tell it ran. */
          @Override
          public Layer create(String node, LayerSpec spec, List<Shape> inputs) {
            Shape shape = inputs.get(0);
            return new Layer() {
              @Override
              public Shape outputShape() {
                return shape;
              }

              @Override
              public Volume forward(LayerContext ctx, List<Volume> x) {
                Volume y = ctx.backend().allocate(x.get(0).shape());
                ctx.backend().copy(x.get(0), y);
                ctx.backend().scale(y, 2f);
                return y;
              }

              @Override
              public List<Volume> backward(LayerContext ctx, List<Volume> x, Volume out, Volume dOut) {
                Volume dx = ctx.backend().allocate(dOut.shape());
                ctx.backend().copy(dOut, dx);
                ctx.backend().scale(dx, 2f);
                return List.of(dx);
              }
            };
          }
        }
        """.formatted(pkg, name, typesExpression, constructorBody);
  }

  /** A plugin jar {@code module} with one layer provider of {@code types}, in package {@code module}. */
  static TestJar layerPlugin(String module, String typesExpression, String constructorBody) {
    return module("module " + module + " { requires dev.convoy.api; provides dev.convoy.api.LayerProvider with "
        + module + ".Provider; }")
        .file(module.replace('.', '/') + "/Provider.java", layerProvider(module, "Provider", typesExpression,
            constructorBody));
  }

  static void delete(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
