package dev.convoy.backends.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.BackendProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The provider: found by ServiceLoader, named "reference", always available, ranked lowest. */
class ReferenceBackendProviderTest {

  @Test
  void isFoundByServiceLoaderUnderItsName() {
    // The tests run inside this module, which provides the service but does not use it.
    getClass().getModule().addUses(BackendProvider.class);
    BackendProvider found = ServiceLoader.load(BackendProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals("reference"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("ServiceLoader did not find the reference backend provider"));
    assertInstanceOf(ReferenceBackendProvider.class, found);
  }

  @Test
  void describesItselfAndIsAlwaysAvailableAtRankZero() {
    ReferenceBackendProvider provider = new ReferenceBackendProvider();
    assertEquals(0, provider.rank());
    assertTrue(provider.availability().available());
    assertEquals("plain Java loops: the oracle every backend is tested against", provider.description());
    try (var backend = provider.create()) {
      assertEquals("reference", backend.name());
    }
  }
}
