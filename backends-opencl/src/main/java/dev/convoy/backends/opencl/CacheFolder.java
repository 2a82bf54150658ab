package dev.convoy.backends.opencl;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Where compiled programs are kept: {@code -Dconvoy.opencl.cache=DIR}, else
 * {@code $XDG_CACHE_HOME/convoy/opencl}, else {@code ~/.cache/convoy/opencl}.
 */
final class CacheFolder {
  /** The system property that overrides the folder. */
  static final String PROPERTY = "convoy.opencl.cache";

  private CacheFolder() {}

  static Path resolve(UnaryOperator<String> properties, UnaryOperator<String> environment) {
    String chosen = properties.apply(PROPERTY);
    if (chosen != null && !chosen.isBlank()) {
      return Path.of(chosen);
    }
    String xdg = environment.apply("XDG_CACHE_HOME");
    // The XDG spec says a relative value is to be ignored.
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "convoy", "opencl");
    }
    return Path.of(properties.apply("user.home"), ".cache", "convoy", "opencl");
  }

  static Path system() {
    return resolve(System::getProperty, System::getenv);
  }
}
