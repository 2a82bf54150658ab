package dev.convoy.runtime.plugins;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.LayerProvider;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.runtime.BackendSelector;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.ProviderRegistry;
import dev.convoy.runtime.Sequential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugins built in the test as their authors would build them, loaded from a folder into their own layers. */
class PluginLoaderTest {
  private static final String COMPATIBLE = "[0.2.0,0.3.0)";

  @TempDir
  static Path jars;

  private static Path good;

  @BeforeAll
  static void buildTheGoodPlugin() {
    good = TestJar.layerPlugin("test.good", "Set.of(\"Doubler\")", "")
        .manifest("good", "1.2.3", COMPATIBLE).build(jars.resolve("good.jar"));
  }

  private static PluginScan load(Path folder) {
    return PluginLoader.forHost().load(folder);
  }

  private static Plugin named(PluginScan scan, String file) {
    return scan.plugins().stream().filter(p -> p.fileName().equals(file)).findFirst()
        .orElseThrow(() -> new AssertionError("no plugin " + file + " in " + scan));
  }

  @Test
  void aPluginLoadsIntoItsOwnLayerWithOnlyItsOwnProviders(@TempDir Path folder) throws Exception {
    Files.copy(good, folder.resolve("good.jar"));

    PluginScan scan = load(folder);

    Plugin plugin = named(scan, "good.jar");
    assertEquals(PluginStatus.LOADED, plugin.status(), plugin.describe());
    assertEquals("good", plugin.name());
    assertEquals("1.2.3", plugin.version());
    // The boot layer holds Conv, Relu, the reference backend...: ServiceLoader.load(layer) sees them too.
    assertEquals(1, plugin.providers().size(), plugin.providers().toString());
    LayerProvider doubler = plugin.layerProviders().getFirst();
    assertEquals(Set.of("Doubler"), doubler.types());
    ModuleLayer layer = doubler.getClass().getModule().getLayer();
    assertNotSame(ModuleLayer.boot(), layer);
    assertEquals(List.of(LayerProvider.class.getModule().getLayer()), layer.parents());
    assertTrue(plugin.describe().contains("good 1.2.3 (good.jar): loaded"), plugin.describe());
  }

  @Test
  void aPluginLayerRunsInANetworkBesideTheBuiltInLayers(@TempDir Path folder) throws Exception {
    Files.copy(good, folder.resolve("good.jar"));
    ProviderRegistry registry = load(folder).registry(ProviderRegistry.load());

    Network net = Sequential.input(registry, Shape.of(2, 3)).add(LayerSpec.of("Doubler")).fc(1).build();
    try (Backend backend = new BackendSelector(registry, k -> null, k -> null).select("reference").open();
        Model model = Model.create(net, backend, 1);
        Volume x = backend.upload(Shape.of(2, 3), new float[] {1, 2, 3, -1, 0, 4})) {
      float[] doubled = model.infer(Map.of("data", x), List.of(net.nodes().getFirst().name()))
          .get(net.nodes().getFirst().name()).toArray();
      assertArrayEquals(new float[] {2, 4, 6, -2, 0, 8}, doubled);
    }
  }

  @Test
  void brokenPluginsAreReportedWithFileAndReasonAndTheOthersStillLoad(@TempDir Path folder) throws Exception {
    Files.copy(good, folder.resolve("good.jar"));
    Files.write(folder.resolve("corrupt.jar"), "this is not a zip file".getBytes());
    TestJar.layerPlugin("test.thrower", "Set.of(\"Thrower\")", "throw new IllegalStateException(\"licence key missing\");")
        .build(folder.resolve("thrower.jar"));
    TestJar.layerPlugin("test.badtypes", "Set.of(List.of(\"x\").get(3))", "").build(folder.resolve("badtypes.jar"));
    TestJar.module("module test.needy { requires dev.convoy.api; requires test.absent; }")
        .requires(TestJar.module("module test.absent { }").build(jars.resolve("absent.jar")))
        .build(folder.resolve("needy.jar"));
    TestJar.module("module test.idle { requires dev.convoy.api; }").build(folder.resolve("idle.jar"));
    TestJar.layerPlugin("test.badmanifest", "Set.of(\"Unused\")", "")
        .file(PluginManifest.FILE, "name=bad\nversion=1\n").build(folder.resolve("badmanifest.jar"));
    Files.createDirectory(folder.resolve("empty"));
    Files.writeString(folder.resolve("README.txt"), "not a plugin");

    PluginScan scan = load(folder);

    assertEquals(8, scan.plugins().size(), "every jar and folder, not the README: " + scan.plugins());
    assertEquals(List.of(named(scan, "good.jar")), scan.loaded());
    assertReason(named(scan, "corrupt.jar"), "corrupt.jar is not a readable jar");
    assertReason(named(scan, "thrower.jar"), "licence key missing");
    assertReason(named(scan, "badtypes.jar"), "provider test.badtypes.Provider failed");
    assertReason(named(scan, "needy.jar"), "test.absent");
    assertReason(named(scan, "idle.jar"), "provides no LayerProvider, BackendProvider or OptimizerProvider");
    assertReason(named(scan, "badmanifest.jar"), "has no 'api-version'");
    assertReason(named(scan, "empty"), "the folder holds no jar");
    assertTrue(scan.registry(ProviderRegistry.load()).layerProviders().containsKey("Doubler"));
  }

  private static void assertReason(Plugin plugin, String expected) {
    assertEquals(PluginStatus.BROKEN, plugin.status(), plugin.describe());
    assertTrue(plugin.reason().contains(expected), plugin.describe());
    assertTrue(plugin.describe().contains(plugin.fileName()) && plugin.describe().contains("skipped"), plugin.describe());
  }

  @Test
  void aPluginBuiltForAnotherApiIsSkippedBeforeAnyOfItsCodeRuns(@TempDir Path folder) {
    TestJar.layerPlugin("test.future", "Set.of(\"Future\")", "throw new IllegalStateException(\"my code ran\");")
        .manifest("future", "2.0", "[9.0,10.0)").build(folder.resolve("future.jar"));

    Plugin plugin = named(load(folder), "future.jar");

    assertEquals(PluginStatus.INCOMPATIBLE, plugin.status());
    assertEquals("built for api [9.0,10.0) but this Convoy has api 0.2.0", plugin.reason());
    assertTrue(plugin.describe().startsWith("future 2.0 (future.jar): skipped"), plugin.describe());
  }

  @Test
  void aPluginBuiltForTheOldBackendContractIsRefusedWithTheReason(@TempDir Path folder) {
    TestJar.layerPlugin("test.old", "Set.of(\"Old\")", "throw new IllegalStateException(\"my code ran\");")
        .manifest("old", "1.0", "[0.1.0,0.2.0)").build(folder.resolve("old.jar"));

    Plugin plugin = named(load(folder), "old.jar");

    assertEquals(PluginStatus.INCOMPATIBLE, plugin.status());
    assertEquals("built for api [0.1.0,0.2.0) but this Convoy has api 0.2.0", plugin.reason());
  }

  @Test
  void aPluginWithoutManifestLoadsAsUnversioned(@TempDir Path folder) {
    TestJar.layerPlugin("test.plain", "Set.of(\"Plain\")", "").build(folder.resolve("plain.jar"));

    Plugin plugin = named(load(folder), "plain.jar");

    assertEquals(PluginStatus.UNVERSIONED, plugin.status(), plugin.describe());
    assertEquals("plain.jar", plugin.name());
    assertEquals("unversioned", plugin.version());
    assertEquals(Set.of("Plain"), plugin.layerProviders().getFirst().types());
  }

  @Test
  void twoPluginsMayBundleDifferentVersionsOfOneLibrary(@TempDir Path folder) throws Exception {
    for (String[] plugin : new String[][] {{"alpha", "1"}, {"beta", "2"}}) {
      Path dir = Files.createDirectory(folder.resolve(plugin[0]));
      Path shared = TestJar.module("module test.shared { exports test.shared; }")
          .file("test/shared/Shared.java", "package test.shared; public final class Shared {"
              + " public static String version() { return \"" + plugin[1] + "\"; } }")
          .build(dir.resolve("shared-" + plugin[1] + ".jar"));
      String module = "test." + plugin[0];
      TestJar.module("module " + module + " { requires dev.convoy.api; requires test.shared;"
              + " provides dev.convoy.api.LayerProvider with " + module + ".Provider; }")
          .file(module.replace('.', '/') + "/Provider.java", TestJar.layerProvider(module, "Provider",
              "Set.of(\"" + plugin[0] + "\" + test.shared.Shared.version())", ""))
          .requires(shared)
          .manifest(plugin[0], "1.0", COMPATIBLE)
          .build(dir.resolve(plugin[0] + ".jar"));
    }

    PluginScan scan = load(folder);

    assertEquals(2, scan.loaded().size(), scan.plugins().toString());
    ProviderRegistry registry = scan.registry(ProviderRegistry.of(List.of(), List.of(), List.of()));
    assertEquals(Set.of("alpha1", "beta2"), registry.layerProviders().keySet(), "each saw its own test.shared");
    Module alpha = registry.layerProvider("alpha1").getClass().getModule();
    Module beta = registry.layerProvider("beta2").getClass().getModule();
    assertNotEquals(alpha.getLayer().findModule("test.shared"), beta.getLayer().findModule("test.shared"));
    assertNotSame(alpha.getClassLoader(), beta.getClassLoader());
  }

  @Test
  void aPluginFolderMayHoldPlainJarsAsAutomaticModules(@TempDir Path folder) throws Exception {
    Path dir = Files.createDirectory(folder.resolve("withhelper"));
    // No module-info: a plain jar, whose automatic module name "helper" comes from its file name.
    Path helper = TestJar.plain().file("test/helper/Helper.java", "package test.helper; public final class Helper {"
        + " public static String type() { return \"Helped\"; } }").build(dir.resolve("helper-1.0.jar"));
    TestJar.module("module test.helped { requires dev.convoy.api; requires helper;"
            + " provides dev.convoy.api.LayerProvider with test.helped.Provider; }")
        .file("test/helped/Provider.java", TestJar.layerProvider("test.helped", "Provider",
            "Set.of(test.helper.Helper.type())", ""))
        .requires(helper)
        .build(dir.resolve("helped.jar"));

    Plugin plugin = named(load(folder), "withhelper");

    assertEquals(PluginStatus.UNVERSIONED, plugin.status(), plugin.describe());
    assertEquals(Set.of("Helped"), plugin.layerProviders().getFirst().types());
  }

  @Test
  void aPluginThatBundlesTheApiIsRefused(@TempDir Path folder) throws Exception {
    Path dir = Files.createDirectory(folder.resolve("bundler"));
    Files.copy(good, dir.resolve("good.jar"));
    TestJar.copyOfModule("dev.convoy.api", dir.resolve("api.jar"));

    Plugin plugin = named(load(folder), "bundler");

    assertEquals(PluginStatus.BROKEN, plugin.status());
    assertTrue(plugin.reason().startsWith("it bundles its own dev.convoy.api"), plugin.reason());
  }

  @Test
  void twoProvidersOfOneLayerTypeAreAnErrorNamingBoth(@TempDir Path folder) {
    TestJar.layerPlugin("test.twin.one", "Set.of(\"Twin\")", "").build(folder.resolve("one.jar"));
    TestJar.layerPlugin("test.twin.two", "Set.of(\"Twin\")", "").build(folder.resolve("two.jar"));
    PluginScan scan = load(folder);
    assertEquals(2, scan.loaded().size(), scan.plugins().toString());

    ConvoyException e = assertThrows(ConvoyException.class, () -> scan.registry(ProviderRegistry.load()));

    assertTrue(e.getMessage().startsWith("Duplicate layer type 'Twin'"), e.getMessage());
    assertTrue(e.getMessage().contains("one.jar") && e.getMessage().contains("two.jar"), e.getMessage());
  }

  @Test
  void withoutClashesSkipsAPluginClaimingATakenNameAndKeepsTheRest(@TempDir Path folder) {
    TestJar.layerPlugin("test.myrelu", "Set.of(\"Relu\")", "").build(folder.resolve("a-myrelu.jar"));
    TestJar.layerPlugin("test.twin.one", "Set.of(\"Twin\")", "").build(folder.resolve("b-one.jar"));
    TestJar.layerPlugin("test.twin.two", "Set.of(\"Twin\")", "").build(folder.resolve("c-two.jar"));

    PluginScan scan = load(folder).withoutClashes(ProviderRegistry.load());

    Plugin relu = named(scan, "a-myrelu.jar");
    assertEquals(PluginStatus.CLASHING, relu.status(), relu.describe());
    assertTrue(relu.reason().startsWith("its layer type 'Relu' is already provided by module dev.convoy.layers.core"),
        relu.reason());
    assertEquals(PluginStatus.CLASHING, named(scan, "c-two.jar").status());
    assertTrue(named(scan, "c-two.jar").reason().contains("b-one.jar"), named(scan, "c-two.jar").reason());
    assertTrue(scan.registry(ProviderRegistry.load()).layerProviders().containsKey("Twin"));
  }

  @Test
  void aPluginClaimingABuiltInLayerTypeIsAnErrorNamingBoth(@TempDir Path folder) {
    TestJar.layerPlugin("test.myrelu", "Set.of(\"Relu\")", "").build(folder.resolve("myrelu.jar"));

    ConvoyException e = assertThrows(ConvoyException.class, () -> load(folder).registry(ProviderRegistry.load()));

    assertTrue(e.getMessage().contains("Duplicate layer type 'Relu'"), e.getMessage());
    assertTrue(e.getMessage().contains("dev.convoy.layers.core") && e.getMessage().contains("myrelu.jar"),
        e.getMessage());
  }

  @Test
  void theReferenceBackendLoadsAsAPluginAndIsChosenByName(@TempDir Path folder) throws Exception {
    TestJar.copyOfModule("dev.convoy.backends.reference", folder.resolve("reference.jar"));
    ProviderRegistry noBackends = ProviderRegistry.of(List.of(), List.of(), List.of());

    ProviderRegistry registry = load(folder).registry(noBackends);
    var choice = new BackendSelector(registry, k -> null, k -> null).select("reference");

    Class<?> provider = choice.provider().getClass();
    assertNotSame(ModuleLayer.boot(), provider.getModule().getLayer(), "the plugin's copy, not the boot layer's");
    assertEquals("dev.convoy.backends.reference", provider.getModule().getName());
    try (Backend backend = choice.open(); Volume x = backend.upload(Shape.of(3), new float[] {1, 2, 4})) {
      backend.scale(x, 2f);
      assertArrayEquals(new float[] {2, 4, 8}, x.toArray());
      assertSame(provider.getModule().getLayer(), backend.getClass().getModule().getLayer());
    }
  }

  @Test
  void pluginOfNamesThePluginACheckpointNeeds(@TempDir Path folder) {
    TestJar.layerPlugin("test.named", "Set.of(\"Named\")", "").manifest("named", "3.1", COMPATIBLE)
        .build(folder.resolve("named.jar"));
    TestJar.layerPlugin("test.anonymous", "Set.of(\"Anonymous\")", "").build(folder.resolve("anonymous.jar"));
    ProviderRegistry registry = load(folder).registry(ProviderRegistry.load());

    assertEquals("named 3.1", PluginModules.pluginOf(registry.layerProvider("Named").getClass()).orElseThrow());
    assertEquals("test.anonymous", PluginModules.pluginOf(registry.layerProvider("Anonymous").getClass()).orElseThrow());
    assertTrue(PluginModules.pluginOf(registry.layerProvider("Conv").getClass()).isEmpty(), "built in");
    assertTrue(PluginModules.pluginOf(String.class).isEmpty());
  }

  @Test
  void aMissingFolderIsAnError(@TempDir Path folder) {
    ConvoyException e = assertThrows(ConvoyException.class, () -> load(folder.resolve("nowhere")));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }
}
