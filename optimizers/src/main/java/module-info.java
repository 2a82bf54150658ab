/** Optimizers as providers: plain SGD and SGD with momentum. */
module dev.convoy.optimizers {
  requires dev.convoy.api;

  provides dev.convoy.api.OptimizerProvider with dev.convoy.optimizers.SgdOptimizerProvider;
}
