/**
 * The reference backend: plain Java loops, the oracle every other backend is tested against, and
 * the host fallback that runs its kernel families for backends that lack them.
 */
module dev.convoy.backends.reference {
  requires dev.convoy.api;

  provides dev.convoy.api.BackendProvider with dev.convoy.backends.reference.ReferenceBackendProvider;
  provides dev.convoy.api.HostFallback with dev.convoy.backends.reference.ReferenceHostFallback;
}
