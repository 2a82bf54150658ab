package dev.convoy.layers.archfixture;

import dev.convoy.api.Shape;
import java.util.List;

/** Breaks no rule: a provider that knows the api and the JDK. Fixture for RulesHaveTeethTest. */
public final class CleanLayerFixture {
  private final List<Shape> shapes = List.of();
  private final HelperInSameModule helper = new HelperInSameModule();

  public int count() {
    return shapes.size() + helper.one();
  }

  public static final class HelperInSameModule {
    public int one() {
      return 1;
    }
  }
}
