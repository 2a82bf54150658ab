package dev.convoy.runtime;

import dev.convoy.api.Backend;
import dev.convoy.api.BackendProvider;

/** A backend provider with a chosen name, rank and availability, for selection tests. */
record FakeBackendProvider(String name, int rank, Availability availability) implements BackendProvider {

  static FakeBackendProvider available(String name, int rank) {
    return new FakeBackendProvider(name, rank, Availability.yes());
  }

  static FakeBackendProvider unavailable(String name, int rank, String why) {
    return new FakeBackendProvider(name, rank, Availability.no(why));
  }

  @Override
  public Backend create() {
    throw new UnsupportedOperationException("selection tests never create a backend");
  }
}
