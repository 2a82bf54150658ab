package dev.convoy.archtests;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/** The "may depend on" column of DESIGN.md's module table, checked on the class files. */
@AnalyzeClasses(packages = ConvoyModules.ROOT, importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleDependencyRulesTest {

  @ArchTest
  static final ArchRule apiDependsOnTheJdkOnly = classes()
      .that().resideInAPackage(ConvoyModules.API)
      .should().onlyDependOnClassesThat().resideInAnyPackage(ConvoyModules.API, "java..")
      .because("a plugin built against api must need nothing else");

  @ArchTest
  static final ArchRule providersDependOnTheApiAndTheJdkOnly = classes()
      .that().resideInAnyPackage(ConvoyModules.PROVIDERS)
      .should(useNoConvoyModuleButTheApiAndTheirOwn())
      .because("a provider module is swapped by putting a jar on the module path, so it can know nothing of Convoy"
          + " but api (it may bring its own third-party library, as an OpenCL backend brings JOCL)");

  @ArchTest
  static final ArchRule apiPackagesHaveNoCycle = slices()
      .assignedFrom(ConvoyModules.apiPackages())
      .should().beFreeOfCycles()
      .because("the core types come first, the kernel families and support types build on them, never back");

  @ArchTest
  static final ArchRule apiHoldsNoNumericKernels = noClasses()
      .that().resideInAPackage(ConvoyModules.API)
      .should().callMethod(Math.class, "exp", double.class)
      .orShould().callMethod(dev.convoy.api.Volume.class, "toArray")
      .because("the maths belong to the backends (the reference backend is the oracle), not to the contract");

  @ArchTest
  static final ArchRule runtimeKnowsNoProvider = noClasses()
      .that().resideInAPackage(ConvoyModules.RUNTIME)
      .should().dependOnClassesThat().resideInAnyPackage(ConvoyModules.PROVIDERS)
      .because("providers are found with ServiceLoader, never named");

  @ArchTest
  static final ArchRule appKnowsNoProviderAtCompileTime = noClasses()
      .that().resideInAPackage(ConvoyModules.APP)
      .should().dependOnClassesThat().resideInAnyPackage(ConvoyModules.PROVIDERS)
      .because("the app has providers on its module path at run time only");

  @ArchTest
  static final ArchRule formatsUseOnlyProtobufBeyondConvoyAndTheJdk = classes()
      .that().resideInAPackage(ConvoyModules.FORMATS)
      .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "com.google.protobuf..", ConvoyModules.API,
          ConvoyModules.RUNTIME, ConvoyModules.FORMATS)
      .because("DESIGN.md: a model format needs protobuf-java and nothing else outside Convoy (which formats it may"
          + " use is the table's business: none of the others)");

  @ArchTest
  static final ArchRule modulesFollowTheDesignTable = classes()
      .that().resideInAPackage(ConvoyModules.ROOT + "..")
      .should(useOnlyTheModulesTheDesignAllows())
      .because("DESIGN.md's module table is the map; change it and ConvoyModules.MAY_DEPEND_ON together");

  @ArchTest
  static final ArchRule noCyclesBetweenModules = slices()
      .assignedFrom(ConvoyModules.slices())
      .should().beFreeOfCycles();

  private static ArchCondition<JavaClass> useOnlyTheModulesTheDesignAllows() {
    return new ArchCondition<>("use only the Convoy modules DESIGN.md allows") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        String from = ConvoyModules.moduleOf(origin.getPackageName());
        if (!ConvoyModules.MAY_DEPEND_ON.containsKey(ConvoyModules.familyOf(from))) {
          events.add(SimpleConditionEvent.violated(origin, origin.getName() + " is in module " + from
              + ", which DESIGN.md's table (ConvoyModules.MAY_DEPEND_ON) does not list"));
          return;
        }
        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
          String to = ConvoyModules.moduleOf(dependency.getTargetClass().getBaseComponentType().getPackageName());
          if (to != null && !ConvoyModules.mayDependOn(from, to)) {
            events.add(SimpleConditionEvent.violated(dependency,
                from + " may not use " + to + ": " + dependency.getDescription()));
          }
        }
      }
    };
  }

  /** No dev.convoy package but dev.convoy.api.. and the class's own module; third-party libraries are allowed. */
  private static ArchCondition<JavaClass> useNoConvoyModuleButTheApiAndTheirOwn() {
    return new ArchCondition<>("use no Convoy module but dev.convoy.api.. and their own") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        String ownModule = ConvoyModules.moduleOf(origin.getPackageName());
        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
          JavaClass target = dependency.getTargetClass().getBaseComponentType();
          if (target.isPrimitive()) {
            continue;
          }
          String targetPackage = target.getPackageName();
          boolean allowed = !targetPackage.startsWith("dev.convoy.")
              || targetPackage.equals("dev.convoy.api")
              || targetPackage.startsWith("dev.convoy.api.")
              || ownModule.equals(ConvoyModules.moduleOf(targetPackage));
          if (!allowed) {
            events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
          }
        }
      }
    };
  }
}
