package dev.convoy.backends.archfixture;

import com.tngtech.archunit.core.domain.JavaClass;

/** A backend using a third-party library of its own (as OpenCL brings JOCL). Fixture for RulesHaveTeethTest. */
public final class BackendUsingItsOwnLibraryFixture {
  public String describe(JavaClass library) {
    return library.getName();
  }
}
