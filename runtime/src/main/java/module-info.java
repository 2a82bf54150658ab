/** Networks as DAGs of named nodes, their execution, the provider registry and backend selection. */
module dev.convoy.runtime {
  requires transitive dev.convoy.api;

  exports dev.convoy.runtime;
  exports dev.convoy.runtime.plugins;

  uses dev.convoy.api.LayerProvider;
  uses dev.convoy.api.BackendProvider;
  uses dev.convoy.api.OptimizerProvider;
}
