package dev.convoy.tck;

import dev.convoy.api.Backend;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import java.util.ArrayDeque;
import java.util.Deque;

/** Makes volumes on one backend and closes them all at the end of a try-with-resources block. */
public final class VolumeScope implements AutoCloseable {
  private final Backend backend;
  private final Deque<Volume> open = new ArrayDeque<>();

  public VolumeScope(Backend backend) {
    this.backend = backend;
  }

  public Backend backend() {
    return backend;
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
