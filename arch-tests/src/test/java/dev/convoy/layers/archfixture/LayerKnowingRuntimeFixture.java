package dev.convoy.layers.archfixture;

import dev.convoy.runtime.ProviderRegistry;

/** Breaks "providers depend on api and the JDK only". Fixture for RulesHaveTeethTest. */
public final class LayerKnowingRuntimeFixture {
  public Object registry() {
    return ProviderRegistry.load();
  }
}
