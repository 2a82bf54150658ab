package dev.convoy.backends.opencl;

import dev.convoy.api.Backend;
import dev.convoy.tck.BackendConformanceTest;

/**
 * The opencl backend against the whole conformance kit, with the reference backend as the oracle
 * (and as the host fallback for every kernel family, since it has none of its own yet). Skipped,
 * with the reason, where OpenCL is unavailable.
 */
class OpenClBackendConformanceTest extends BackendConformanceTest {
  @Override
  protected Backend createBackend() {
    OpenClTestDevice.probe();
    return new OpenClBackendProvider().create();
  }
}
