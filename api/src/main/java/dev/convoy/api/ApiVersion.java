package dev.convoy.api;

/**
 * The version of this api (the SPIs a plugin is built against), e.g. {@code 0.2.0}. It changes
 * only when the SPIs change, not with every Convoy release; a plugin names the range it was built
 * for in {@code META-INF/convoy-plugin.properties} and the host refuses it outside that range.
 *
 * <p>A method, not a constant, so a plugin asking at run time gets the host's value rather than
 * the one it was compiled with.
 */
public final class ApiVersion {
  // Kept equal to the root pom's convoy.api.version; a runtime test checks that it is.
  private static final String CURRENT = "0.2.0";

  private ApiVersion() {}

  /** The api version of the Convoy this code runs in. */
  public static String current() {
    return CURRENT;
  }
}
