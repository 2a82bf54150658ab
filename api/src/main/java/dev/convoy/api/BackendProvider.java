package dev.convoy.api;

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
