package dev.convoy.runtime.plugins;

import dev.convoy.api.ConvoyException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * What a plugin says about itself in {@value #FILE}, read before any of its code is loaded (as a
 * Jackson {@code Module} declares its name and version): its {@code name}, its {@code version} and
 * the {@code api-version} range it was built for.
 *
 * <pre>
 * name=maxout
 * version=0.1.0
 * api-version=[0.2.0,0.3.0)
 * </pre>
 *
 * A plugin without the file still loads, reported as unversioned.
 */
public record PluginManifest(String name, String version, ApiVersionRange apiVersions) {
  /** Where the manifest sits inside a plugin jar. */
  public static final String FILE = "META-INF/convoy-plugin.properties";

  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");

  /**
   * The manifest of a plugin made of {@code jars}, if one of them has one.
   *
   * @throws ConvoyException for a jar that cannot be read, a bad manifest, or two manifests
   */
  public static Optional<PluginManifest> find(List<Path> jars) {
    List<PluginManifest> found = new ArrayList<>();
    List<Path> where = new ArrayList<>();
    for (Path jar : jars) {
      read(jar).ifPresent(manifest -> {
        found.add(manifest);
        where.add(jar.getFileName());
      });
    }
    if (found.size() > 1) {
      throw new ConvoyException("more than one jar holds " + FILE + " " + where + "; a plugin has one manifest");
    }
    return found.stream().findFirst();
  }

  /** The manifest in {@code jar}, if any; a file that is not a readable jar is an error. */
  static Optional<PluginManifest> read(Path jar) {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      ZipEntry entry = zip.getEntry(FILE);
      if (entry == null) {
        return Optional.empty();
      }
      try (InputStream in = zip.getInputStream(entry)) {
        return Optional.of(parse(in, jar.getFileName() + "!/" + FILE));
      }
    } catch (ZipException e) {
      throw new ConvoyException(jar.getFileName() + " is not a readable jar (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new ConvoyException("cannot read " + jar.getFileName() + ": " + e, e);
    }
  }

  /** The manifest of the plugin loaded into {@code layer}, or empty for an unversioned one. */
  static Optional<PluginManifest> of(ModuleLayer layer) {
    for (Module module : layer.modules()) {
      try (InputStream in = module.getResourceAsStream(FILE)) {
        if (in != null) {
          return Optional.of(parse(in, "module " + module.getName() + " " + FILE));
        }
      } catch (IOException | ConvoyException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** Reads the three keys from {@code in}; {@code where} names the file in messages. */
  static PluginManifest parse(InputStream in, String where) throws IOException {
    Properties p = new Properties();
    p.load(in);
    String name = required(p, "name", where);
    String version = required(p, "version", where);
    String range = required(p, "api-version", where);
    for (String token : List.of(name, version)) {
      if (!TOKEN.matcher(token).matches()) {
        throw new ConvoyException(where + ": '" + token + "' may hold only letters, digits and . _ + -");
      }
    }
    try {
      return new PluginManifest(name, version, ApiVersionRange.parse(range));
    } catch (ConvoyException e) {
      throw new ConvoyException(where + ": api-version " + e.getMessage(), e);
    }
  }

  private static String required(Properties p, String key, String where) {
    String value = p.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new ConvoyException(where + " has no '" + key + "'; it needs name, version and api-version");
    }
    return value.strip();
  }

  /** {@code maxout 0.1.0}. */
  @Override
  public String toString() {
    return name + " " + version;
  }
}
