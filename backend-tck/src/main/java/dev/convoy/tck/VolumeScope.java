package dev.convoy.tck;

import dev.convoy.api.Backend;
import dev.convoy.api.KernelFamily;
import dev.convoy.api.KernelResolver;
import dev.convoy.api.Kernels;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Makes volumes on one backend and closes them all at the end of a try-with-resources block; it
 * also hands out that backend's kernel families, so a computation written once can run on any
 * backend (as the conformance kit's comparisons with the reference backend do).
 */
public final class VolumeScope implements AutoCloseable {
  private final Backend backend;
  private Kernels kernels;
  private final Deque<Volume> open = new ArrayDeque<>();

  /** A scope on {@code backend} whose families come from {@link KernelResolver#of(Backend)}, made when first asked. */
  public VolumeScope(Backend backend) {
    this.backend = backend;
  }

  /** A scope on {@code kernels.backend()} whose families come from {@code kernels}. */
  public VolumeScope(Kernels kernels) {
    this.backend = kernels.backend();
    this.kernels = kernels;
  }

  public Backend backend() {
    return backend;
  }

  /** The kernels of this scope's backend. */
  public Kernels kernels() {
    if (kernels == null) {
      kernels = KernelResolver.of(backend);
    }
    return kernels;
  }

  /** Kernel family {@code family} of this scope's backend: its own, or the host fallback. */
  public <F extends KernelFamily> F family(Class<F> family) {
    return kernels().family(family);
  }

  /** A new volume holding a copy of {@code values}. */
  public Volume upload(Shape shape, float[] values) {
    return track(backend.upload(shape, values));
  }

  /** A new zero-filled volume. */
  public Volume allocate(Shape shape) {
    return track(backend.allocate(shape));
  }

  /** A new volume with every value {@code value}, e.g. NaN to prove that a kernel overwrites it. */
  public Volume filled(Shape shape, float value) {
    float[] values = new float[shape.intSize()];
    java.util.Arrays.fill(values, value);
    return upload(shape, values);
  }

  private Volume track(Volume v) {
    open.push(v);
    return v;
  }

  @Override
  public void close() {
    while (!open.isEmpty()) {
      open.pop().close();
    }
  }
}
