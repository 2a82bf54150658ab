package dev.convoy.archtests;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;

/** House rules that are not about modules. */
@AnalyzeClasses(packages = ConvoyModules.ROOT, importOptions = ImportOption.DoNotIncludeTests.class)
class CodingRulesTest {

  @ArchTest
  static final ArchRule onlyTheCliWritesToTheConsole = noClasses()
      .that().resideOutsideOfPackage(ConvoyModules.APP)
      .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
      .because("a library that prints cannot be embedded in a service; report through return values, "
          + "exceptions or a listener, and let the CLI print");
}
