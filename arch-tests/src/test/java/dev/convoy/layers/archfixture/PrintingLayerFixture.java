package dev.convoy.layers.archfixture;

/** Breaks "only the CLI writes to the console". Fixture for RulesHaveTeethTest. */
public final class PrintingLayerFixture {
  public void report() {
    System.err.println("a library should not print");
  }
}
