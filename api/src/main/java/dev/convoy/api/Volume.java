package dev.convoy.api;

/**
 * A float32 tensor (NCHW for images) whose storage is owned by a {@link Backend}: a Java array on
 * the CPU, device memory on a GPU. Layers never touch the storage; they pass volumes to backend
 * kernels, so one layer implementation runs on every backend and data stays where it lives.
 *
 * <p>Life cycle: made by {@link Backend#allocate} or {@link Backend#upload}; {@link #close()} gives
 * the storage back (closing twice is harmless; using a closed volume is an error). A view made by
 * {@link #reshape} shares storage with its source and must not outlive it.
 *
 * <p>Threading: a volume is not safe for concurrent writes; reads from several threads are fine.
 */
public interface Volume extends AutoCloseable {

  Shape shape();

  /** The backend that owns the storage; kernels accept only their own backend's volumes. */
  Backend backend();

  /** A copy of the values in row-major (NCHW) order. */
  float[] toArray();

  /** Overwrites every value from {@code values}, whose length must equal the shape's size. */
  void write(float[] values);

  /** A view with another shape of the same size, sharing storage (no copy). */
  Volume reshape(Shape shape);

  /** Gives the storage back to the backend. */
  @Override
  void close();
}
