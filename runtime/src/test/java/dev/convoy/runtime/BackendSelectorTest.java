package dev.convoy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.ConvoyException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackendSelectorTest {
  private final ProviderRegistry registry = ProviderRegistry.of(List.of(), List.of(
      FakeBackendProvider.available("reference", 0),
      FakeBackendProvider.available("simd", 100),
      FakeBackendProvider.unavailable("opencl", 200, "no OpenCL platform found")), List.of());

  private BackendSelector selector(Map<String, String> properties, Map<String, String> environment) {
    return new BackendSelector(registry, properties::get, environment::get);
  }

  @Test
  void cliFlagWinsOverPropertyAndEnvironment() {
    BackendChoice choice = selector(Map.of("convoy.backend", "simd"), Map.of("CONVOY_BACKEND", "simd"))
        .select("reference");
    assertEquals("reference", choice.provider().name());
    assertEquals("--backend", choice.source());
  }

  @Test
  void propertyWinsOverEnvironment() {
    BackendChoice choice = selector(Map.of("convoy.backend", "reference"), Map.of("CONVOY_BACKEND", "simd"))
        .select(null);
    assertEquals("reference", choice.provider().name());
    assertTrue(choice.reason().contains("convoy.backend=reference"), choice.reason());
  }

  @Test
  void environmentIsUsedWhenNothingElseIsSet() {
    BackendChoice choice = selector(Map.of(), Map.of("CONVOY_BACKEND", "reference")).select(" ");
    assertEquals("reference", choice.provider().name());
    assertEquals("CONVOY_BACKEND", choice.source());
  }

  @Test
  void bestAvailableRankWinsAndUnavailableOnesAreSkipped() {
    BackendChoice choice = selector(Map.of(), Map.of()).select(null);
    assertEquals("simd", choice.provider().name());
    assertTrue(choice.reason().startsWith("best available"), choice.reason());
  }

  @Test
  void unknownNameListsKnownOnes() {
    ConvoyException e = assertThrows(ConvoyException.class, () -> selector(Map.of(), Map.of()).select("cuda"));
    assertTrue(e.getMessage().contains("Unknown backend 'cuda'"), e.getMessage());
    assertTrue(e.getMessage().contains("opencl, simd, reference"), e.getMessage());
  }

  @Test
  void unavailableNameSaysWhy() {
    ConvoyException e = assertThrows(ConvoyException.class,
        () -> selector(Map.of(), Map.of("CONVOY_BACKEND", "opencl")).select(null));
    assertTrue(e.getMessage().contains("no OpenCL platform found"), e.getMessage());
    assertTrue(e.getMessage().contains("CONVOY_BACKEND"), e.getMessage());
  }

  @Test
  void optionsAfterTheFirstColonGoToTheProvider() {
    BackendChoice choice = selector(Map.of(), Map.of()).select("simd:0:1");
    assertEquals("simd", choice.provider().name());
    assertEquals("0:1", choice.options());
    assertEquals("simd:0:1 (chosen by --backend simd:0:1)", choice.explain());
    assertEquals("", selector(Map.of("convoy.backend", "simd"), Map.of()).select(null).options());
  }

  @Test
  void aBackendWithoutOptionsRefusesThemInOneLine() {
    BackendChoice choice = selector(Map.of(), Map.of("CONVOY_BACKEND", "reference:fast")).select(null);
    ConvoyException e = assertThrows(ConvoyException.class, choice::open);
    assertTrue(e.getMessage().contains("'reference' takes no options"), e.getMessage());
  }

  @Test
  void anUnknownNameWithOptionsNamesTheBackendPart() {
    ConvoyException e = assertThrows(ConvoyException.class, () -> selector(Map.of(), Map.of()).select("cuda:0"));
    assertTrue(e.getMessage().contains("Unknown backend 'cuda'"), e.getMessage());
  }

  @Test
  void duplicateBackendNamesAreAnError() {
    ConvoyException e = assertThrows(ConvoyException.class, () -> ProviderRegistry.of(List.of(),
        List.of(FakeBackendProvider.available("reference", 0), FakeBackendProvider.available("reference", 1)),
        List.of()));
    assertTrue(e.getMessage().contains("Duplicate backend 'reference'"), e.getMessage());
  }
}
