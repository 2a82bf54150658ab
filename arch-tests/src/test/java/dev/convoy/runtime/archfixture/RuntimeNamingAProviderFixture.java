package dev.convoy.runtime.archfixture;

import dev.convoy.layers.archfixture.CleanLayerFixture;

/** Breaks "runtime knows no provider". Fixture for RulesHaveTeethTest. */
public final class RuntimeNamingAProviderFixture {
  public Object provider() {
    return new CleanLayerFixture();
  }
}
