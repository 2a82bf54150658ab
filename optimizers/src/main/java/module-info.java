/**
 * Optimizers as providers: SGD, momentum and Nesterov momentum; Adagrad, RMSProp, Adam and AdamW,
 * each with PyTorch's update rule and defaults.
 */
module dev.convoy.optimizers {
  requires dev.convoy.api;

  provides dev.convoy.api.OptimizerProvider with
      dev.convoy.optimizers.SgdOptimizerProvider,
      dev.convoy.optimizers.AdaptiveOptimizerProvider;
}
