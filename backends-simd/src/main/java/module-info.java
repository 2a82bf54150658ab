/**
 * The simd backend: Vector API kernels (packed, cache-blocked SGEMM; convolution, fused or not;
 * pooling; elementwise) and its own implementation of every standard kernel family but locally
 * connected layers, multi-threaded. Like every provider it depends on the api module alone.
 * {@code jdk.incubator.vector} is required statically: when the JVM runs without {@code
 * --add-modules jdk.incubator.vector} the module still loads and its provider reports itself
 * unavailable, so the reference backend serves instead.
 */
module dev.convoy.backends.simd {
  requires dev.convoy.api;
  requires static jdk.incubator.vector;

  provides dev.convoy.api.BackendProvider with dev.convoy.backends.simd.SimdBackendProvider;
}
