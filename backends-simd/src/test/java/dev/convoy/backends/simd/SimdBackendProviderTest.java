package dev.convoy.backends.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.BackendProvider;
import dev.convoy.backends.simd.probe.AvailabilityProbe;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The provider: found by ServiceLoader as "simd", ranked above the reference backend, available
 * here (the tests run with the Vector API module), and, in a JVM started without that module,
 * loaded all the same but reporting itself unavailable with the flag to add, on the class path and
 * on the module path alike.
 */
class SimdBackendProviderTest {

  @Test
  void isFoundByServiceLoaderUnderItsName() {
    getClass().getModule().addUses(BackendProvider.class);
    BackendProvider found = ServiceLoader.load(BackendProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals("simd"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("ServiceLoader did not find the simd backend provider"));
    assertInstanceOf(SimdBackendProvider.class, found);
  }

  @Test
  void outranksTheReferenceAndIsAvailableWithTheVectorModule() {
    SimdBackendProvider provider = new SimdBackendProvider();
    assertTrue(provider.rank() > 0, "simd must outrank the reference backend (rank 0)");
    BackendProvider.Availability availability = provider.availability();
    assertTrue(availability.available(), availability.reason());
    assertTrue(availability.reason().contains("lanes"), "the reason names the vector width: " + availability.reason());
    try (var backend = provider.create()) {
      assertEquals("simd", backend.name());
    }
  }

  @Test
  void withoutTheVectorModuleItLoadsButReportsItselfUnavailable() throws Exception {
    String simd = location(SimdBackendProvider.class);
    String api = location(BackendProvider.class);
    String probe = location(AvailabilityProbe.class);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<List<String>> launches = List.of(
        List.of(java, "-cp", String.join(File.pathSeparator, simd, api, probe), AvailabilityProbe.class.getName()),
        List.of(java, "--module-path", String.join(File.pathSeparator, simd, api), "--add-modules",
            "ALL-MODULE-PATH", "-cp", probe, AvailabilityProbe.class.getName()));
    for (List<String> command : launches) {
      String output = run(command);
      assertTrue(output.contains("simd false") && output.contains("--add-modules jdk.incubator.vector"),
          "a JVM without the Vector API module must list simd as unavailable and say which flag to add;"
              + " running " + command + " printed:\n" + output);
    }
  }

  private static String location(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>(command);
    Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the probe JVM did not finish: " + command);
    }
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
