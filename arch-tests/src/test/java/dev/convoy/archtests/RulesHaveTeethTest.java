package dev.convoy.archtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.convoy.backends.archfixture.BackendKnowingALayerFixture;
import dev.convoy.backends.archfixture.BackendUsingItsOwnLibraryFixture;
import dev.convoy.formats.archfixture.FormatUsingProtobufFixture;
import dev.convoy.formats.archfixture.FormatUsingTheCliLibraryFixture;
import dev.convoy.layers.archfixture.CleanLayerFixture;
import dev.convoy.layers.archfixture.LayerKnowingABackendFixture;
import dev.convoy.layers.archfixture.LayerKnowingRuntimeFixture;
import dev.convoy.layers.archfixture.PrintingLayerFixture;
import dev.convoy.runtime.archfixture.RuntimeNamingAProviderFixture;
import org.junit.jupiter.api.Test;

/**
 * Each rule fails on a fixture that breaks it and passes on one that does not, so that a rule
 * that checks nothing (a typo in a package pattern) cannot go unnoticed. The fixtures live in
 * this module's test classes, which the real rules do not import.
 */
class RulesHaveTeethTest {

  private static JavaClasses importOf(Class<?>... classes) {
    return new ClassFileImporter().importClasses(classes);
  }

  private static String violations(ArchRule rule, Class<?>... classes) {
    EvaluationResult result = rule.evaluate(importOf(classes));
    return String.join("\n", result.getFailureReport().getDetails());
  }

  @Test
  void aProviderMayUseTheApiTheJdkAndItsOwnModule() {
    assertEquals("", violations(ModuleDependencyRulesTest.providersDependOnTheApiAndTheJdkOnly,
        CleanLayerFixture.class, CleanLayerFixture.HelperInSameModule.class));
  }

  @Test
  void aProviderMayBringItsOwnThirdPartyLibrary() {
    assertEquals("", violations(ModuleDependencyRulesTest.providersDependOnTheApiAndTheJdkOnly,
        BackendUsingItsOwnLibraryFixture.class));
  }

  @Test
  void aCycleBetweenApiPackagesIsCaught() {
    String report = violations(ModuleDependencyRulesTest.apiPackagesHaveNoCycle,
        dev.convoy.api.archfixture.ApiCoreKnowingItsPartFixture.class,
        dev.convoy.api.archfixture.part.ApiPartKnowingTheCoreFixture.class);

    assertTrue(report.contains("archfixture"), report);
  }

  @Test
  void numericKernelsInTheApiAreCaught() {
    String report = violations(ModuleDependencyRulesTest.apiHoldsNoNumericKernels,
        dev.convoy.api.archfixture.ApiHostMathsFixture.class);

    assertTrue(report.contains("toArray") && report.contains("exp"), report);
  }

  @Test
  void aProviderThatKnowsTheRuntimeOrAnotherProviderIsCaught() {
    String report = violations(ModuleDependencyRulesTest.providersDependOnTheApiAndTheJdkOnly,
        LayerKnowingRuntimeFixture.class, LayerKnowingABackendFixture.class);

    assertTrue(report.contains("dev.convoy.runtime.ProviderRegistry"), report);
    assertTrue(report.contains(BackendKnowingALayerFixture.class.getName()), report);
  }

  @Test
  void theRuntimeNamingAProviderIsCaught() {
    String report = violations(ModuleDependencyRulesTest.runtimeKnowsNoProvider, RuntimeNamingAProviderFixture.class);

    assertTrue(report.contains(CleanLayerFixture.class.getName()), report);
  }

  @Test
  void theDesignTableCatchesWhatItForbidsAndLetsThroughWhatItAllows() {
    String runtimeUsingALayer = violations(ModuleDependencyRulesTest.modulesFollowTheDesignTable,
        RuntimeNamingAProviderFixture.class);
    String layerUsingApi = violations(ModuleDependencyRulesTest.modulesFollowTheDesignTable, CleanLayerFixture.class);

    assertTrue(runtimeUsingALayer.contains("dev.convoy.runtime may not use dev.convoy.layers.archfixture"),
        runtimeUsingALayer);
    assertEquals("", layerUsingApi);
  }

  @Test
  void aCycleBetweenModulesIsCaught() {
    String report = violations(ModuleDependencyRulesTest.noCyclesBetweenModules,
        LayerKnowingABackendFixture.class, BackendKnowingALayerFixture.class);

    assertTrue(report.contains("dev.convoy.layers.archfixture") && report.contains("dev.convoy.backends.archfixture"),
        report);
  }

  @Test
  void aFormatUsingALibraryOtherThanProtobufIsCaught() {
    var rule = ModuleDependencyRulesTest.formatsUseOnlyProtobufBeyondConvoyAndTheJdk;
    String report = violations(rule, FormatUsingTheCliLibraryFixture.class);

    assertTrue(report.contains("picocli.CommandLine"), report);
    assertEquals("", violations(rule, FormatUsingProtobufFixture.class));
  }

  @Test
  void printingOutsideTheCliIsCaught() {
    String report = violations(CodingRulesTest.onlyTheCliWritesToTheConsole, PrintingLayerFixture.class);

    assertTrue(report.contains("System.err"), report);
    assertFalse(violations(CodingRulesTest.onlyTheCliWritesToTheConsole, CleanLayerFixture.class).contains("System"));
  }
}
