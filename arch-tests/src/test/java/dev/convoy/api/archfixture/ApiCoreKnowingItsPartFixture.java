package dev.convoy.api.archfixture;

import dev.convoy.api.archfixture.part.ApiPartKnowingTheCoreFixture;

/** One half of a cycle between two api packages. Fixture for RulesHaveTeethTest. */
public final class ApiCoreKnowingItsPartFixture {
  public Object part() {
    return new ApiPartKnowingTheCoreFixture();
  }
}
