package dev.convoy.backends.simd.probe;

import dev.convoy.api.BackendProvider;
import java.util.ServiceLoader;

/**
 * Run in a child JVM by {@code SimdBackendProviderTest}: prints {@code name available reason} for
 * every backend provider that {@link ServiceLoader} finds, so the test can see what a JVM started
 * with or without the Vector API module reports. In its own package so it can sit on the class path
 * beside the backend's module.
 */
public final class AvailabilityProbe {
  private AvailabilityProbe() {}

  public static void main(String[] args) {
    for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
      BackendProvider.Availability a = p.availability();
      System.out.println(p.name() + " " + a.available() + " " + a.reason());
    }
  }
}
