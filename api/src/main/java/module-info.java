/**
 * The stable Convoy SPIs: {@link dev.convoy.api.Shape}, {@link dev.convoy.api.Volume},
 * {@link dev.convoy.api.Layer}/{@link dev.convoy.api.LayerProvider},
 * {@link dev.convoy.api.Backend} (a small core) with its kernel families ({@code dev.convoy.api.kernels}),
 * {@link dev.convoy.api.BackendProvider}, {@link dev.convoy.api.HostFallback} and
 * {@link dev.convoy.api.Optimizer}/{@link dev.convoy.api.OptimizerProvider}.
 * Depends on the JDK only, so that a plugin built against it needs nothing else. Holds no numeric kernels.
 */
module dev.convoy.api {
  exports dev.convoy.api;
  exports dev.convoy.api.kernels;
  exports dev.convoy.api.support;

  uses dev.convoy.api.LayerProvider;
  uses dev.convoy.api.BackendProvider;
  uses dev.convoy.api.OptimizerProvider;
  uses dev.convoy.api.HostFallback;
}
