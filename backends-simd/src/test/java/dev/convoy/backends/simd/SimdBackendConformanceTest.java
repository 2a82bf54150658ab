package dev.convoy.backends.simd;

import dev.convoy.api.Backend;
import dev.convoy.tck.BackendConformanceTest;

/** The simd backend against the whole conformance kit, with the reference backend as the oracle. */
class SimdBackendConformanceTest extends BackendConformanceTest {
  @Override
  protected Backend createBackend() {
    return new SimdBackendProvider().create();
  }
}
