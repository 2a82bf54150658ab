package dev.convoy.layers.archfixture;

import dev.convoy.backends.archfixture.BackendKnowingALayerFixture;

/** Breaks "providers depend on api and the JDK only" and, with its partner, "no cycles". Fixture. */
public final class LayerKnowingABackendFixture {
  public Object partner() {
    return new BackendKnowingALayerFixture();
  }
}
