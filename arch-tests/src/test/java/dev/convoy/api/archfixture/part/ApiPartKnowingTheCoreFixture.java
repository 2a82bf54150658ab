package dev.convoy.api.archfixture.part;

import dev.convoy.api.archfixture.ApiCoreKnowingItsPartFixture;

/** The other half of a cycle between two api packages. Fixture for RulesHaveTeethTest. */
public final class ApiPartKnowingTheCoreFixture {
  public Object core() {
    return new ApiCoreKnowingItsPartFixture();
  }
}
