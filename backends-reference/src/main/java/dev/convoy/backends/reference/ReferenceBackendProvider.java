package dev.convoy.backends.reference;

import dev.convoy.api.Backend;
import dev.convoy.api.BackendProvider;

/**
 * Provides the {@code reference} backend: plain Java loops, always available, ranked lowest so
 * that any faster backend wins when nothing is selected. Every other backend is tested against it.
 */
public final class ReferenceBackendProvider implements BackendProvider {

  /** The name users select this backend by. */
  public static final String NAME = "reference";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int rank() {
    return 0;
  }

  @Override
  public String description() {
    return "plain Java loops: the oracle every backend is tested against";
  }

  @Override
  public Availability availability() {
    return Availability.yes();
  }

  @Override
  public Backend create() {
    return new ReferenceBackend();
  }
}
