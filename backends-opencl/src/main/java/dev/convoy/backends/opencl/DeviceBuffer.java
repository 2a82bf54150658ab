package dev.convoy.backends.opencl;

import static org.jocl.CL.clReleaseMemObject;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jocl.cl_mem;

/**
 * A cl_mem and whether it was given back. Released exactly once, by whoever comes first: the
 * owning volume's close, the cleaner when that volume became unreachable unclosed, or the
 * backend's close. Holds nothing that keeps a volume alive, so the cleaner can run.
 */
final class DeviceBuffer {
  private final cl_mem mem;
  private final long floats;
  private final Consumer<DeviceBuffer> onRelease;
  private final AtomicBoolean released = new AtomicBoolean();

  DeviceBuffer(cl_mem mem, long floats, Consumer<DeviceBuffer> onRelease) {
    this.mem = mem;
    this.floats = floats;
    this.onRelease = onRelease;
  }

  cl_mem mem() {
    return mem;
  }

  /** The values it holds (its size in floats; the buffer itself has at least one). */
  long floats() {
    return floats;
  }

  boolean isReleased() {
    return released.get();
  }

  /** Gives the memory back to the driver (after the commands that use it, as OpenCL defers it); idempotent. */
  void release() {
    if (released.compareAndSet(false, true)) {
      clReleaseMemObject(mem);
      onRelease.accept(this);
    }
  }
}
