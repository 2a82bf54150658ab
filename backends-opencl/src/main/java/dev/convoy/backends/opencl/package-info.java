/**
 * The opencl backend. The provider and its probe ({@link
 * dev.convoy.backends.opencl.OpenClBackendProvider}, {@code OpenClProbe}, {@code LoaderProbe},
 * {@code LoaderAlias}) find out without crashing whether OpenCL works here; {@code
 * DeviceDiscovery} and {@code DeviceChoice} list and pick devices. A backend ({@code
 * OpenClBackend}) opens one device ({@code DeviceSession}), keeps volumes in its memory ({@code
 * OpenClVolume}, {@code DeviceBuffer}) and runs kernels from the {@code .cl} resources of this
 * package, built through {@code Programs} and the on-disk {@code ProgramCache} and launched with
 * {@code ClKernel}. Kernel families are classes of their own, registered in {@code OpenClFamilies}.
 */
package dev.convoy.backends.opencl;
