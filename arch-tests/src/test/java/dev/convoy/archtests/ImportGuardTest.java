package dev.convoy.archtests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The rules above pass trivially on an empty import; this makes sure they saw every module. */
@AnalyzeClasses(packages = ConvoyModules.ROOT, importOptions = ImportOption.DoNotIncludeTests.class)
class ImportGuardTest {
  private static final List<String> EXPECTED_MODULES = List.of(
      "dev.convoy.api", "dev.convoy.runtime", "dev.convoy.app", "dev.convoy.backends.reference", "dev.convoy.backends.simd",
      "dev.convoy.backends.opencl", "dev.convoy.layers.conv", "dev.convoy.layers.pool", "dev.convoy.layers.fc", "dev.convoy.layers.core",
      "dev.convoy.optimizers", "dev.convoy.data", "dev.convoy.zoo", "dev.convoy.formats.proto",
      "dev.convoy.formats.onnx");

  @ArchTest
  static void theImportSawEveryModule(JavaClasses classes) {
    Set<String> modules = classes.stream()
        .map(JavaClass::getPackageName)
        .map(ConvoyModules::moduleOf)
        .collect(Collectors.toSet());
    for (String module : EXPECTED_MODULES) {
      assertTrue(modules.contains(module), "no classes of " + module + " imported; found modules " + modules);
    }
  }

  @ArchTest
  static void theImportIsPlausiblyLarge(JavaClasses classes) {
    assertTrue(classes.size() > 40, "only " + classes.size() + " classes imported from " + ConvoyModules.ROOT);
  }

  @ArchTest
  static void testClassesAreNotImported(JavaClasses classes) {
    // This module's own classes live in target/test-classes, as every module's tests do.
    assertFalse(classes.containPackage(ImportGuardTest.class.getPackageName()),
        "test classes were imported: the rules are about main code");
  }
}
