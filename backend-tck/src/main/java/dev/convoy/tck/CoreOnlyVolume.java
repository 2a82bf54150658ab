package dev.convoy.tck;

import dev.convoy.api.Backend;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;

/**
 * The storage of {@link CoreOnlyBackend}: a {@code float[]} behind a volume class of its own, so
 * that nothing outside the backend can reach the array, as with device memory; the host fallback
 * must copy it. Reshape views share the array and its closed state (closing the source closes
 * them; closing a view closes only the view). Counts {@link #write} calls, so tests can tell which
 * volumes the fallback wrote back.
 */
public final class CoreOnlyVolume implements Volume {
  /** The array and whether its owner was closed; shared by a volume and its views. */
  private static final class Storage {
    final float[] values;
    boolean closed;

    Storage(float[] values) {
      this.values = values;
    }
  }

  private final CoreOnlyBackend backend;
  private final Shape shape;
  private final Storage storage;
  private final boolean owner;
  private boolean closed;
  private int writes;

  private CoreOnlyVolume(CoreOnlyBackend backend, Shape shape, Storage storage, boolean owner) {
    this.backend = backend;
    this.shape = shape;
    this.storage = storage;
    this.owner = owner;
  }

  static CoreOnlyVolume allocate(CoreOnlyBackend backend, Shape shape) {
    return new CoreOnlyVolume(backend, shape, new Storage(new float[shape.intSize()]), true);
  }

  @Override
  public Shape shape() {
    return shape;
  }

  @Override
  public Backend backend() {
    return backend;
  }

  /** The values, for the owning backend's kernels only. */
  float[] values() {
    if (isClosed()) {
      throw new IllegalStateException("core-only volume " + shape + " is closed");
    }
    return storage.values;
  }

  boolean isClosed() {
    return closed || storage.closed;
  }

  /** How many times {@link #write} was called on this volume object. */
  public int writes() {
    return writes;
  }

  @Override
  public float[] toArray() {
    return values().clone();
  }

  @Override
  public void write(float[] values) {
    if (values.length != storage.values.length) {
      throw new ShapeException("cannot write " + values.length + " values into core-only volume " + shape);
    }
    System.arraycopy(values, 0, values(), 0, values.length);
    writes++;
  }

  @Override
  public Volume reshape(Shape newShape) {
    values();
    if (newShape.size() != shape.size()) {
      throw new ShapeException("cannot reshape " + shape + " to " + newShape);
    }
    return new CoreOnlyVolume(backend, newShape, storage, false);
  }

  @Override
  public void close() {
    closed = true;
    if (owner) {
      storage.closed = true;
    }
  }

  @Override
  public String toString() {
    return "CoreOnlyVolume" + shape;
  }
}
