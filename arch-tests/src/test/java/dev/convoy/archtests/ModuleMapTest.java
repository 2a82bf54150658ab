package dev.convoy.archtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The package-to-module mapping the rules rely on. */
class ModuleMapTest {

  @Test
  void familiesHaveOneModulePerMember() {
    assertEquals("dev.convoy.layers.conv", ConvoyModules.moduleOf("dev.convoy.layers.conv"));
    assertEquals("dev.convoy.layers.conv", ConvoyModules.moduleOf("dev.convoy.layers.conv.internal"));
    assertEquals("dev.convoy.backends.reference", ConvoyModules.moduleOf("dev.convoy.backends.reference"));
    assertEquals("dev.convoy.formats.onnx", ConvoyModules.moduleOf("dev.convoy.formats.onnx.proto"));
  }

  @Test
  void otherModulesAreOnePackageLevel() {
    assertEquals("dev.convoy.api", ConvoyModules.moduleOf("dev.convoy.api.support"));
    assertEquals("dev.convoy.optimizers", ConvoyModules.moduleOf("dev.convoy.optimizers"));
    assertEquals("dev.convoy.runtime", ConvoyModules.moduleOf("dev.convoy.runtime.plan"));
  }

  @Test
  void theDesignTableReadsAsInDesignMd() {
    assertTrue(ConvoyModules.mayDependOn("dev.convoy.layers.conv", "dev.convoy.api"));
    assertFalse(ConvoyModules.mayDependOn("dev.convoy.layers.conv", "dev.convoy.layers.pool"));
    assertFalse(ConvoyModules.mayDependOn("dev.convoy.runtime", "dev.convoy.backends.reference"));
    assertTrue(ConvoyModules.mayDependOn("dev.convoy.zoo", "dev.convoy.runtime"));
    assertFalse(ConvoyModules.mayDependOn("dev.convoy.app", "dev.convoy.layers.fc"));
    assertTrue(ConvoyModules.mayDependOn("dev.convoy.app", "dev.convoy.formats.onnx"));
    assertFalse(ConvoyModules.mayDependOn("dev.convoy.unlisted", "dev.convoy.api"));
  }

  @Test
  void packagesOutsideConvoyHaveNoModule() {
    assertNull(ConvoyModules.moduleOf("java.util"));
    assertNull(ConvoyModules.moduleOf("dev.convoyx"));
  }
}
