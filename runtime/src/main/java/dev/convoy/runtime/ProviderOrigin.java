package dev.convoy.runtime;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;

/** Where a provider came from, for messages and listings: its module and the jar it was loaded from. */
public final class ProviderOrigin {
  private ProviderOrigin() {}

  /** The provider's module name, or "unnamed module" on the class path. */
  public static String module(Object provider) {
    Module module = provider.getClass().getModule();
    return module.isNamed() ? module.getName() : "unnamed module";
  }

  /** The file name of the jar or folder the provider's class came from, or "?" when unknown. */
  public static String source(Object provider) {
    CodeSource code = provider.getClass().getProtectionDomain().getCodeSource();
    if (code == null || code.getLocation() == null) {
      return "?";
    }
    try {
      Path path = Path.of(code.getLocation().toURI());
      return path.getFileName() == null ? path.toString() : path.getFileName().toString();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return code.getLocation().toString();
    }
  }

  /** {@code module dev.convoy.layers.conv (layers-conv-0.1.0.jar)}. */
  public static String describe(Object provider) {
    return "module " + module(provider) + " (" + source(provider) + ", " + provider.getClass().getName() + ")";
  }
}
