package dev.convoy.backends.reference;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.KernelFamily;
import dev.convoy.api.KernelResolver;
import dev.convoy.api.kernels.KernelFamilies;
import org.junit.jupiter.api.Test;

/** The oracle implements every standard family itself, so the kit compares every family with it. */
class ReferenceFamiliesTest {

  @Test
  void everyStandardFamilyIsNative() {
    try (ReferenceBackend backend = new ReferenceBackend()) {
      KernelResolver resolver = KernelResolver.of(backend);
      for (Class<? extends KernelFamily> family : KernelFamilies.STANDARD) {
        assertTrue(resolver.isNative(family), family.getSimpleName() + " must be the reference's own");
        assertInstanceOf(family, backend.nativeFamily(family).orElseThrow());
      }
    }
  }
}
