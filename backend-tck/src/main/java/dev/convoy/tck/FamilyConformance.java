package dev.convoy.tck;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.convoy.api.KernelFamily;
import dev.convoy.api.KernelResolver;
import dev.convoy.api.kernels.KernelFamilies;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * How a backend offers kernel families: {@code nativeFamily} answers each standard family with an
 * implementation of it or nothing (and nothing for a family it has never heard of), and every
 * standard family can run, natively or through the host fallback. That each family computes the
 * right values, on both paths, is what the other groups check.
 */
abstract class FamilyConformance extends ConformanceCase {

  /** A family no backend implements: one defined after the backend was written. */
  private interface FamilyFromTheFuture extends KernelFamily {}

  @Test
  void nativeFamilyAnswersEachStandardFamilyWithAnImplementationOfItOrNothing(TestReporter reporter) {
    List<String> natives = new ArrayList<>();
    for (Class<? extends KernelFamily> family : KernelFamilies.STANDARD) {
      Optional<? extends KernelFamily> own = backend.nativeFamily(family);
      assertNotNull(own, "nativeFamily(" + family.getSimpleName() + ") returned null; return Optional.empty()");
      own.ifPresent(kernels -> assertInstanceOf(family, kernels, "nativeFamily(" + family.getSimpleName() + ")"));
      if (own.isPresent()) {
        natives.add(KernelFamilies.shortName(family));
      }
    }
    reporter.publishEntry("native families of " + backend.name(), natives.isEmpty() ? "none (core only)"
        : String.join(", ", natives));
  }

  @Test
  void nativeFamilyOfAFamilyItDoesNotKnowIsEmpty() {
    assertTrue(backend.nativeFamily(FamilyFromTheFuture.class).isEmpty(),
        "nativeFamily must answer Optional.empty() for a family it does not implement");
  }

  @Test
  void everyStandardFamilyRunsNativelyOrThroughTheHostFallback() {
    KernelResolver resolver = KernelResolver.of(backend);
    List<String> missing = KernelFamilies.STANDARD.stream().filter(f -> !resolver.isNative(f))
        .map(Class::getSimpleName).toList();
    assumeFalse(!missing.isEmpty() && HostFallbackKernels.fallbacks().isEmpty(), "no host fallback on the path to run "
        + missing + " for " + backend.name() + "; add the reference backend as a test dependency");
    for (Class<? extends KernelFamily> family : KernelFamilies.STANDARD) {
      assertInstanceOf(family, resolver.family(family), family.getSimpleName() + " of " + backend.name());
    }
  }
}
