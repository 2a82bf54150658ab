package dev.convoy.archtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same map at the JPMS level: what the module descriptors require, export and provide. The
 * class-file rules cannot see a {@code requires} that no class uses yet, or an exported package.
 */
class ModuleDescriptorTest {
  private static final Set<String> SERVICES = Set.of(
      "dev.convoy.api.LayerProvider", "dev.convoy.api.BackendProvider", "dev.convoy.api.OptimizerProvider",
      "dev.convoy.api.HostFallback");

  private static Map<String, ModuleDescriptor> modules;

  @BeforeAll
  static void readDescriptors() throws IOException {
    modules = new TreeMap<>();
    // Every jar and folder on the test class path that has a module-info.class at its root.
    for (URL url : Collections.list(ModuleDescriptorTest.class.getClassLoader().getResources("module-info.class"))) {
      try (InputStream in = url.openStream()) {
        ModuleDescriptor descriptor = ModuleDescriptor.read(in);
        if (descriptor.name().startsWith(ConvoyModules.ROOT + ".")) {
          modules.put(descriptor.name(), descriptor);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + url, e);
      }
    }
  }

  private static boolean isProvider(String module) {
    return module.startsWith("dev.convoy.layers.") || module.startsWith("dev.convoy.backends.")
        || module.equals("dev.convoy.optimizers");
  }

  private static boolean isJdk(String module) {
    return module.startsWith("java.") || module.startsWith("jdk.");
  }

  private static Set<String> requires(ModuleDescriptor descriptor) {
    return descriptor.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
  }

  @Test
  void everyModuleWasFound() {
    for (String module : List.of("dev.convoy.api", "dev.convoy.runtime", "dev.convoy.app",
        "dev.convoy.backends.reference", "dev.convoy.backends.simd", "dev.convoy.backends.opencl",
        "dev.convoy.layers.conv", "dev.convoy.layers.pool",
        "dev.convoy.layers.fc", "dev.convoy.layers.core", "dev.convoy.optimizers", "dev.convoy.formats.proto",
        "dev.convoy.formats.onnx")) {
      assertTrue(modules.containsKey(module), module + " not on the class path; found " + modules.keySet());
    }
  }

  @Test
  void apiRequiresTheJdkOnly() {
    Set<String> requires = requires(modules.get("dev.convoy.api"));
    assertTrue(requires.stream().allMatch(ModuleDescriptorTest::isJdk), "api requires " + requires);
  }

  /** Not a Convoy module: a third-party library a provider brings along (the opencl backend's JOCL). */
  private static boolean isThirdParty(String module) {
    return !module.equals(ConvoyModules.ROOT) && !module.startsWith(ConvoyModules.ROOT + ".");
  }

  @Test
  void providerModulesRequireOnlyTheApiExportNothingAndProvideAService() {
    List<ModuleDescriptor> providers = modules.values().stream().filter(d -> isProvider(d.name())).toList();
    assertTrue(providers.size() >= 6, "expected at least six provider modules, found " + providers);
    for (ModuleDescriptor provider : providers) {
      Set<String> requires = requires(provider);
      assertTrue(requires.stream().allMatch(r -> isJdk(r) || r.equals("dev.convoy.api") || isThirdParty(r)),
          provider.name() + " requires " + requires + "; a provider may require dev.convoy.api, the JDK and"
              + " third-party libraries of its own, no other Convoy module");
      assertEquals(Set.of(), provider.exports(), provider.name() + " exports packages; users reach it through the api");
      assertFalse(provider.provides().isEmpty(), provider.name() + " provides no service");
      for (ModuleDescriptor.Provides provides : provider.provides()) {
        assertTrue(SERVICES.contains(provides.service()), provider.name() + " provides " + provides.service());
      }
    }
  }

  @Test
  void runtimeAndAppRequireNoProvider() {
    for (String module : List.of("dev.convoy.runtime", "dev.convoy.app")) {
      Set<String> requires = requires(modules.get(module));
      assertTrue(requires.stream().noneMatch(ModuleDescriptorTest::isProvider), module + " requires " + requires);
    }
  }
}
