package dev.convoy.api.archfixture;

import dev.convoy.api.Volume;

/** Host maths inside the api, as the old Host* defaults were. Fixture for RulesHaveTeethTest. */
public final class ApiHostMathsFixture {
  public float sigmoidOfFirst(Volume x) {
    return (float) (1 / (1 + Math.exp(-x.toArray()[0])));
  }
}
