package dev.convoy.backends.opencl;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import java.lang.ref.Cleaner;
import org.jocl.cl_mem;

/**
 * A volume in OpenCL device memory. Reshape views share the buffer (there are no offsets: a view
 * is the whole buffer with another shape); closing a view closes the view, closing the volume
 * that allocated the buffer releases it, for the views too. A volume dropped without close() has
 * its buffer released by a cleaner once neither it nor a view of it is reachable.
 */
final class OpenClVolume implements Volume {
  private static final Cleaner CLEANER = Cleaner.create();

  /** What the volume and its views share; reachable from all of them, so the cleaner waits for the last. */
  private static final class Storage {
    final DeviceBuffer buffer;
    final Cleaner.Cleanable cleanable;
    /** What the host last wrote, while no kernel can have changed it since; null when unknown. */
    volatile HostValues hostValues;

    Storage(DeviceBuffer buffer) {
      this.buffer = buffer;
      this.cleanable = CLEANER.register(this, buffer::release);
    }
  }

  private final OpenClBackend backend;
  private final Shape shape;
  private final Storage storage;
  private final boolean owner;
  private volatile boolean closed;

  private OpenClVolume(OpenClBackend backend, Shape shape, Storage storage, boolean owner) {
    this.backend = backend;
    this.shape = shape;
    this.storage = storage;
    this.owner = owner;
  }

  /** A volume owning {@code buffer}, which holds exactly the shape's size. */
  static OpenClVolume owning(OpenClBackend backend, Shape shape, DeviceBuffer buffer) {
    return new OpenClVolume(backend, shape, new Storage(buffer), true);
  }

  /** {@code v} as an open volume of {@code owner}, or a clear error naming its {@code role}. */
  static OpenClVolume owned(Volume v, OpenClBackend owner, String role) {
    if (v == null) {
      throw new ConvoyException(role + " is null; the opencl backend needs a volume there");
    }
    if (!(v instanceof OpenClVolume mine) || mine.backend != owner) {
      throw new ConvoyException(role + " " + v.shape() + " belongs to backend '" + v.backend().name()
          + "', not to this opencl backend; copy it over with upload(shape, volume.toArray()) first");
    }
    mine.checkOpen();
    return mine;
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
  int size() {
    return (int) storage.buffer.floats();
  }

  /**
   * The device buffer, for kernels of the owning backend. Any kernel given it may write it, so
   * what the host knew of its values is forgotten.
   */
  cl_mem mem() {
    checkOpen();
    storage.hostValues = null;
    return storage.buffer.mem();
  }

  /** The device buffer for a kernel that only reads it as labels; keeps what the host knows of them. */
  cl_mem labelsMem() {
    checkOpen();
    return storage.buffer.mem();
  }

  /** Records that the buffer now holds {@code values}, written from the host. */
  void noteHostValues(float[] values) {
    storage.hostValues = HostValues.of(values);
  }

  /**
   * Whether the host wrote these values, no kernel could have changed them since, and every one
   * is a class index below {@code classes}: then a loss need not read its label check back.
   */
  boolean knownClassIndices(int classes) {
    HostValues known = storage.hostValues;
    return known != null && known.areClassIndicesBelow(classes);
  }

  /** Whether {@code other} is this volume's buffer (itself, a view, or the volume it views). */
  boolean sharesStorageWith(OpenClVolume other) {
    return storage == other.storage;
  }

  @Override
  public float[] toArray() {
    checkOpen();
    float[] values = new float[size()];
    backend.session().read(storage.buffer.mem(), values);
    return values;
  }

  @Override
  public void write(float[] values) {
    checkOpen();
    if (values.length != size()) {
      throw new ShapeException("cannot write " + values.length + " values into a volume of shape " + shape
          + " that holds " + size());
    }
    backend.session().write(mem(), values);
    noteHostValues(values);
  }

  @Override
  public Volume reshape(Shape newShape) {
    checkOpen();
    if (newShape.size() != shape.size()) {
      throw new ShapeException("cannot reshape " + shape + " (" + shape.size() + " values) to " + newShape + " ("
          + newShape.size() + " values)");
    }
    return new OpenClVolume(backend, newShape, storage, false);
  }

  @Override
  public void close() {
    closed = true;
    if (owner) {
      storage.cleanable.clean();
    }
  }

  boolean isClosed() {
    return closed || storage.buffer.isReleased();
  }

  /** Throws unless this volume holds exactly {@code expected} values. */
  OpenClVolume requireSize(long expected, String role) {
    if (size() != expected) {
      throw new ShapeException(role + " " + shape + " holds " + size() + " values but " + expected + " are needed");
    }
    return this;
  }

  private void checkOpen() {
    if (isClosed()) {
      throw new IllegalStateException("volume " + shape + " of the opencl backend is closed; it cannot be used after"
          + " close() (or after the volume it was reshaped from was closed, or its backend was)");
    }
  }

  @Override
  public String toString() {
    return "OpenClVolume" + shape + (isClosed() ? " (closed)" : "");
  }
}
