package dev.convoy.backends.opencl;

import dev.convoy.api.Backend;
import dev.convoy.tck.BackendConformanceTest;

/**
 * The opencl backend against the whole conformance kit, with the reference backend as the oracle
 * (every family is checked both as the backend runs it, natively, and forced through the host fallback). Skipped,
 * with the reason, where OpenCL is unavailable.
 */
class OpenClBackendConformanceTest extends BackendConformanceTest {
  @Override
  protected Backend createBackend() {
    OpenClTestDevice.probe();
    return new OpenClBackendProvider().create();
  }
}
