package dev.convoy.api;

import java.util.List;

/**
 * Finds and makes one kind of {@link Backend}. Registered with {@code provides
 * dev.convoy.api.BackendProvider with ...} in a module descriptor and found by {@link
 * java.util.ServiceLoader}.
 *
 * <p>A provider is cheap: constructing it and calling {@link #name()}, {@link #rank()} and {@link
 * #availability()} must not load native libraries or open devices beyond a quick probe; the
 * expensive work happens in {@link #create()}. Methods may be called from any thread.
 */
public interface BackendProvider {

  /** The name users select it by ({@code --backend NAME}), lower case, e.g. {@code reference}. */
  String name();

  /** Preference when nothing is selected: the available provider with the highest rank wins. */
  int rank();

  /** One line for {@code convoy backends}, e.g. "plain Java loops, the oracle". */
  default String description() {
    return "";
  }

  /** The provider's version: its module's version where the module has one. */
  default String version() {
    return getClass().getModule().getDescriptor() == null
        ? "unversioned"
        : getClass().getModule().getDescriptor().rawVersion().orElse("unversioned");
  }

  /** Whether {@link #create()} can work here, and if not, why (e.g. "no OpenCL platform found"). */
  Availability availability();

  /** Makes the backend. Called only when {@link #availability()} said yes. */
  Backend create();

  /**
   * Makes the backend with {@code options}: what follows the first ':' of a selected name, e.g.
   * {@code 0:1} for {@code --backend opencl:0:1} (a device). Blank options mean {@link #create()}.
   * Default: a backend that takes no options refuses any, saying so in one line.
   */
  default Backend create(String options) {
    if (options == null || options.isBlank()) {
      return create();
    }
    throw new ConvoyException("backend '" + name() + "' takes no options, but was selected as '" + name() + ":"
        + options + "'; select it as '" + name() + "'");
  }

  /**
   * Extra lines for {@code convoy backends}, printed under the table: e.g. one per device a device
   * backend can use, and how to select it. Like {@link #availability()}, cheap after the first call.
   * Default: none.
   */
  default List<String> details() {
    return List.of();
  }

  /** Whether a backend can run here; {@code reason} says why not (or details when it can). */
  record Availability(boolean available, String reason) {
    public static Availability yes() {
      return new Availability(true, "");
    }

    public static Availability no(String reason) {
      return new Availability(false, reason);
    }
  }
}
