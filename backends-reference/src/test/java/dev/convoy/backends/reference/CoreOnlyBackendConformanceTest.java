package dev.convoy.backends.reference;

import dev.convoy.api.Backend;
import dev.convoy.tck.BackendConformanceTest;
import dev.convoy.tck.CoreOnlyBackend;

/**
 * The whole conformance kit on {@link CoreOnlyBackend}, a backend with storage of its own and no
 * kernel family: every family check passes through the host fallback, copying volumes both ways.
 * (It lives here rather than in backend-tck's tests because the kit cannot depend on this module,
 * which depends on the kit.)
 */
class CoreOnlyBackendConformanceTest extends BackendConformanceTest {
  @Override
  protected Backend createBackend() {
    return new CoreOnlyBackend();
  }
}
