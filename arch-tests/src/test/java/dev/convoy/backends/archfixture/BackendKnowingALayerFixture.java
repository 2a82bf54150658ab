package dev.convoy.backends.archfixture;

import dev.convoy.layers.archfixture.LayerKnowingABackendFixture;

/** The other half of a cycle between two provider modules. Fixture for RulesHaveTeethTest. */
public final class BackendKnowingALayerFixture {
  public Object partner() {
    return new LayerKnowingABackendFixture();
  }
}
