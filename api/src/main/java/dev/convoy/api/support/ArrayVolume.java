package dev.convoy.api.support;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;

/**
 * A volume held in a Java {@code float[]}, for backends that compute on the CPU (reference, simd):
 * the array plus the offset where this volume's values start. Kernels reach the array directly
 * through {@link #array()} and {@link #offset()}. Views made by {@link #reshape} share the array (and its open/closed state) with their
 * source; closing a view closes only the view, closing the source closes every view too.
 */
public final class ArrayVolume implements Volume {
  /**
   * Takes the array of a volume that was just closed, to hand it out again: large activations are
   * made and dropped every training step, and reusing them spares the garbage collector (on G1
   * they are humongous objects). The volume and its views never touch the array again.
   */
  @FunctionalInterface
  public interface Recycler {
    void recycle(float[] values);
  }

  /** The array, whether its owner gave it back, and who takes it then; shared by a volume and its views. */
  private static final class Storage {
    final float[] values;
    final Recycler recycler;
    boolean closed;

    Storage(float[] values, Recycler recycler) {
      this.values = values;
      this.recycler = recycler;
    }
  }

  private final Backend backend;
  private final Shape shape;
  private final Storage storage;
  private final int offset;
  private final int size;
  private final boolean owner;
  private boolean closed;

  private ArrayVolume(Backend backend, Shape shape, Storage storage, int offset, boolean owner) {
    this.backend = backend;
    this.shape = shape;
    this.storage = storage;
    this.offset = offset;
    this.size = shape.intSize();
    this.owner = owner;
  }

  /**
   * {@code v} as an open volume of {@code owner}, or a clear error naming its {@code role}: null, a
   * volume of another backend (even another array-backed one), or a closed volume.
   */
  public static ArrayVolume owned(Volume v, Backend owner, String role) {
    if (v == null) {
      throw new ConvoyException(role + " is null; the " + owner.name() + " backend needs a volume there");
    }
    if (!(v instanceof ArrayVolume av) || av.backend() != owner) {
      throw new ConvoyException(role + " " + v.shape() + " belongs to backend '" + v.backend().name()
          + "', not to this " + owner.name() + " backend; copy it over with upload(shape, volume.toArray()) first");
    }
    if (av.isClosed()) {
      throw new IllegalStateException(role + " " + av.shape() + " is closed and cannot be used any more");
    }
    return av;
  }

  /** A new zero-filled volume owning its storage. */
  public static ArrayVolume allocate(Backend backend, Shape shape) {
    return new ArrayVolume(backend, shape, new Storage(new float[shape.intSize()], null), 0, true);
  }

  /**
   * A volume owning {@code zeros} (all zero, exactly the shape's size, referenced by nobody else),
   * which goes to {@code recycler} when the volume is closed.
   */
  public static ArrayVolume wrap(Backend backend, Shape shape, float[] zeros, Recycler recycler) {
    if (zeros.length != shape.intSize()) {
      throw new IllegalArgumentException("an array of " + zeros.length + " floats cannot hold " + shape);
    }
    return new ArrayVolume(backend, shape, new Storage(zeros, recycler), 0, true);
  }

  @Override
  public Shape shape() {
    return shape;
  }

  @Override
  public Backend backend() {
    return backend;
  }

  /** Number of values. */
  public int size() {
    return size;
  }

  /** The backing array; value {@code i} of this volume is at {@code array()[offset() + i]}. */
  public float[] array() {
    checkOpen();
    return storage.values;
  }

  /** Where this volume's first value sits in {@link #array()}. */
  public int offset() {
    return offset;
  }

  public float get(int i) {
    return array()[offset + i];
  }

  public void set(int i, float value) {
    array()[offset + i] = value;
  }

  public void add(int i, float value) {
    array()[offset + i] += value;
  }

  @Override
  public float[] toArray() {
    float[] copy = new float[size];
    System.arraycopy(array(), offset, copy, 0, size);
    return copy;
  }

  @Override
  public void write(float[] values) {
    if (values.length != size) {
      throw new ShapeException("cannot write " + values.length + " values into a volume of shape " + shape
          + " that holds " + size);
    }
    System.arraycopy(values, 0, array(), offset, size);
  }

  @Override
  public Volume reshape(Shape newShape) {
    checkOpen();
    if (newShape.size() != size) {
      throw new ShapeException("cannot reshape " + shape + " (" + size + " values) to " + newShape + " ("
          + newShape.size() + " values)");
    }
    return new ArrayVolume(backend, newShape, storage, offset, false);
  }

  /**
   * A view of this volume's storage that names {@code other} as its backend, without a copy: how the
   * reference backend's host fallback runs its kernels on another array-backed backend's volumes.
   * Like a {@link #reshape} view it must not outlive this volume, and closing it frees nothing.
   */
  public ArrayVolume viewFor(Backend other) {
    checkOpen();
    return new ArrayVolume(other, shape, storage, offset, false);
  }

  @Override
  public void close() {
    closed = true;
    if (owner && !storage.closed) {
      storage.closed = true;
      if (storage.recycler != null) {
        storage.recycler.recycle(storage.values);
      }
    }
  }

  public boolean isClosed() {
    return closed || storage.closed;
  }

  private void checkOpen() {
    if (isClosed()) {
      throw new IllegalStateException("volume " + shape + " of the " + backend.name() + " backend is closed; it cannot be used"
          + " after close() (or after the volume it was reshaped from was closed)");
    }
  }

  /** Throws unless this volume has exactly {@code expected} as its shape. */
  public ArrayVolume requireShape(Shape expected, String role) {
    if (!shape.equals(expected)) {
      throw new ShapeException(role + " has shape " + shape + " but " + expected + " is needed");
    }
    return this;
  }

  /** Throws unless this volume holds exactly {@code expected} values. */
  public ArrayVolume requireSize(long expected, String role) {
    if (size != expected) {
      throw new ShapeException(role + " " + shape + " holds " + size + " values but " + expected + " are needed");
    }
    return this;
  }

  @Override
  public String toString() {
    return "ArrayVolume" + shape + (isClosed() ? " (closed)" : "");
  }
}
