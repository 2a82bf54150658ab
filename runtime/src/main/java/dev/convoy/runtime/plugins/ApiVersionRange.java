package dev.convoy.runtime.plugins;

import dev.convoy.api.ConvoyException;
import java.lang.module.ModuleDescriptor.Version;

/**
 * The api versions a plugin was built for, in the interval notation Maven and OSGi use:
 * {@code [0.1.0,0.2.0)} (0.1.0 up to but not including 0.2.0), {@code [0.1.0,)} (0.1.0 or newer),
 * {@code [0.1.0]} (exactly 0.1.0); a bare {@code 0.1.0} means "0.1.0 or newer", as in OSGi.
 * Versions compare as {@link Version} does: numerically, part by part.
 *
 * @param lower the lowest version, never null
 * @param upper the highest version, or null for no upper bound
 */
public record ApiVersionRange(Version lower, boolean lowerInclusive, Version upper, boolean upperInclusive) {

  /**
   * Parses {@code text}.
   *
   * @throws ConvoyException saying what a range looks like, for anything else
   */
  public static ApiVersionRange parse(String text) {
    String s = text == null ? "" : text.strip();
    try {
      if (s.isEmpty()) {
        throw new IllegalArgumentException("empty");
      }
      char first = s.charAt(0);
      if (first != '[' && first != '(') {
        return new ApiVersionRange(Version.parse(s), true, null, false);
      }
      char last = s.charAt(s.length() - 1);
      if (last != ']' && last != ')') {
        throw new IllegalArgumentException("no closing bracket");
      }
      String inside = s.substring(1, s.length() - 1);
      int comma = inside.indexOf(',');
      if (comma < 0) {
        if (first != '[' || last != ']') {
          throw new IllegalArgumentException("an exact version is written [v]");
        }
        Version exact = Version.parse(inside.strip());
        return new ApiVersionRange(exact, true, exact, true);
      }
      Version lower = Version.parse(inside.substring(0, comma).strip());
      String upperText = inside.substring(comma + 1).strip();
      Version upper = upperText.isEmpty() ? null : Version.parse(upperText);
      if (upper != null && upper.compareTo(lower) < 0) {
        throw new IllegalArgumentException("the upper bound is below the lower one");
      }
      return new ApiVersionRange(lower, first == '[', upper, last == ']');
    } catch (IllegalArgumentException e) {
      throw new ConvoyException("'" + s + "' is not an api version range (" + e.getMessage()
          + "); write one such as [0.1.0,0.2.0) or [0.1.0,)");
    }
  }

  /** Whether {@code version} lies in this range. */
  public boolean includes(String version) {
    Version v = Version.parse(version);
    int low = v.compareTo(lower);
    if (low < 0 || (low == 0 && !lowerInclusive)) {
      return false;
    }
    if (upper == null) {
      return true;
    }
    int high = v.compareTo(upper);
    return high < 0 || (high == 0 && upperInclusive);
  }

  /** In the interval notation, e.g. {@code [0.1.0,0.2.0)}. */
  @Override
  public String toString() {
    if (upper != null && lowerInclusive && upperInclusive && lower.equals(upper)) {
      return "[" + lower + "]";
    }
    return (lowerInclusive ? "[" : "(") + lower + "," + (upper == null ? "" : upper) + (upperInclusive ? "]" : ")");
  }
}
