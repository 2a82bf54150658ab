/** The reference backend: plain Java loops, the oracle every other backend is tested against. */
module dev.convoy.backends.reference {
  requires dev.convoy.api;

  provides dev.convoy.api.BackendProvider with dev.convoy.backends.reference.ReferenceBackendProvider;
}
