package dev.convoy.api;

/**
 * A group of kernels a {@link Backend} may implement beyond its core (the interfaces of {@code
 * dev.convoy.api.kernels}: convolution, pooling, activations, ...). A backend offers one through
 * {@link Backend#nativeFamily}; for a family it lacks, {@link Kernels} runs the host fallback.
 *
 * <p>Rules for a family interface: its methods take volumes of the backend, geometry records and
 * plain values, overwrite or accumulate into volumes they are given, and return nothing that holds
 * storage (no {@link Volume}). That is what lets a fallback run any family on copies.
 */
public interface KernelFamily {}
