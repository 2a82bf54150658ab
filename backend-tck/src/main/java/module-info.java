/** The backend conformance kit and layer-testing helpers (gradient checks), for our backends and third parties'. */
module dev.convoy.backend.tck {
  requires transitive dev.convoy.api;
  requires transitive org.junit.jupiter.api;

  exports dev.convoy.tck;
  // JUnit runs the inherited, package-private test methods of the conformance groups reflectively.
  opens dev.convoy.tck to org.junit.platform.commons;

  uses dev.convoy.api.BackendProvider;
  uses dev.convoy.api.HostFallback;
}
