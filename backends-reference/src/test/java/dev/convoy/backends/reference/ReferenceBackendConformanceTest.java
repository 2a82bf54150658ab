package dev.convoy.backends.reference;

import dev.convoy.api.Backend;
import dev.convoy.tck.BackendConformanceTest;

/** The reference backend against the whole conformance kit (its definition-based checks validate the oracle itself). */
class ReferenceBackendConformanceTest extends BackendConformanceTest {
  @Override
  protected Backend createBackend() {
    return new ReferenceBackendProvider().create();
  }
}
