/** The backend conformance kit and layer-testing helpers (gradient checks), for our backends and third parties'. */
module dev.convoy.backend.tck {
  requires transitive dev.convoy.api;
  requires transitive org.junit.jupiter.api;

  exports dev.convoy.tck;

  uses dev.convoy.api.BackendProvider;
}
