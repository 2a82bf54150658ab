package dev.convoy.runtime.plugins;

import dev.convoy.api.ConvoyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where the plugins are, chosen as the backend is: {@code --plugins DIR}, else the system property
 * {@code convoy.plugins}, else the environment variable {@code CONVOY_PLUGINS}, else none.
 *
 * @param path the folder
 * @param source what named it, for messages: {@code --plugins}, {@code -Dconvoy.plugins} or {@code CONVOY_PLUGINS}
 */
public record PluginsFolder(Path path, String source) {
  public static final String PROPERTY = "convoy.plugins";
  public static final String ENVIRONMENT = "CONVOY_PLUGINS";

  /**
   * The folder named by {@code option} (null when not given), the property or the variable.
   *
   * @throws ConvoyException when the named folder does not exist
   */
  public static Optional<PluginsFolder> choose(Path option, UnaryOperator<String> systemProperties,
      UnaryOperator<String> environment) {
    if (option != null) {
      return Optional.of(existing(option, "--plugins"));
    }
    String property = systemProperties.apply(PROPERTY);
    if (property != null && !property.isBlank()) {
      return Optional.of(existing(Path.of(property.strip()), "-D" + PROPERTY));
    }
    String variable = environment.apply(ENVIRONMENT);
    if (variable != null && !variable.isBlank()) {
      return Optional.of(existing(Path.of(variable.strip()), ENVIRONMENT));
    }
    return Optional.empty();
  }

  private static PluginsFolder existing(Path path, String source) {
    if (!Files.isDirectory(path)) {
      throw new ConvoyException("the plugins folder " + path + " (" + source + ") does not exist or is not a folder; "
          + "create it and put plugin jars in it, or leave " + source + " out");
    }
    return new PluginsFolder(path, source);
  }

  /** {@code plugins (from --plugins)}. */
  @Override
  public String toString() {
    return path + " (from " + source + ")";
  }
}
