/**
 * The opencl backend: volumes in OpenCL device memory (a GPU, or a CPU through PoCL) and the
 * backend core as OpenCL kernels, through JOCL (the automatic module {@code jocl}, which carries
 * its own JNI library). Like every provider it uses no Convoy module but the api; nothing in
 * Convoy depends on it, so removing its jar leaves every command working on the CPU backends.
 * Where no OpenCL loader, driver or device exists its provider says why and is never chosen.
 */
module dev.convoy.backends.opencl {
  requires dev.convoy.api;
  requires jocl;

  provides dev.convoy.api.BackendProvider with dev.convoy.backends.opencl.OpenClBackendProvider;
}
