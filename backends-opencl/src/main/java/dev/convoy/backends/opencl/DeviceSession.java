package dev.convoy.backends.opencl;

import static org.jocl.CL.CL_CONTEXT_PLATFORM;
import static org.jocl.CL.CL_MEM_COPY_HOST_PTR;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_TRUE;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clCreateCommandQueue;
import static org.jocl.CL.clCreateContext;
import static org.jocl.CL.clEnqueueCopyBuffer;
import static org.jocl.CL.clEnqueueFillBuffer;
import static org.jocl.CL.clEnqueueReadBuffer;
import static org.jocl.CL.clEnqueueWriteBuffer;
import static org.jocl.CL.clFinish;
import static org.jocl.CL.clReleaseCommandQueue;
import static org.jocl.CL.clReleaseContext;

import dev.convoy.api.ConvoyException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_mem;

/**
 * One device opened: its context and in-order command queue, and the raw buffer operations on
 * them. Kernels and copies are enqueued without waiting; reads and writes from the host block,
 * so they see every command before them and their arrays are free when they return. Counts every
 * host-device transfer.
 */
final class DeviceSession implements AutoCloseable {
  private final OpenClDevice device;
  private final cl_context context;
  private final cl_command_queue queue;
  private final AtomicLong transfers = new AtomicLong();

  /** Opens {@code device}. */
  @SuppressWarnings("deprecation") // clCreateCommandQueue: deprecated in OpenCL 2.0, but 1.2 devices have only it
  DeviceSession(OpenClDevice device) {
    this.device = device;
    cl_context_properties properties = new cl_context_properties();
    properties.addProperty(CL_CONTEXT_PLATFORM, device.platformId());
    this.context = clCreateContext(properties, 1, new cl_device_id[] {device.deviceId()}, null, null, null);
    try {
      this.queue = clCreateCommandQueue(context, device.deviceId(), 0, null);
    } catch (RuntimeException e) {
      clReleaseContext(context);
      throw e;
    }
  }

  DeviceInfo info() {
    return device.info();
  }

  OpenClDevice device() {
    return device;
  }

  cl_context context() {
    return context;
  }

  cl_command_queue queue() {
    return queue;
  }

  /** Host-device transfers so far: reads, writes and uploads. */
  long transfers() {
    return transfers.get();
  }

  /** A new buffer of {@code floats} values (at least one: OpenCL has no empty buffers), contents unspecified. */
  cl_mem allocate(long floats, String what) {
    return create(CL_MEM_READ_WRITE, floats, null, what);
  }

  /** A new buffer holding a copy of {@code values}: one transfer. */
  cl_mem upload(float[] values, String what) {
    if (values.length == 0) {
      return allocate(0, what);
    }
    cl_mem mem = create(CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, values.length, Pointer.to(values), what);
    transfers.incrementAndGet();
    return mem;
  }

  /** Reads {@code into.length} values from the start of {@code mem}, waiting for every command before. */
  void read(cl_mem mem, float[] into) {
    if (into.length > 0) {
      check("reading a volume", () -> clEnqueueReadBuffer(queue, mem, CL_TRUE, 0, bytes(into.length),
          Pointer.to(into), 0, null, null));
    }
    transfers.incrementAndGet();
  }

  /** Writes {@code values} to the start of {@code mem}; returns once they are copied. */
  void write(cl_mem mem, float[] values) {
    if (values.length > 0) {
      check("writing a volume", () -> clEnqueueWriteBuffer(queue, mem, CL_TRUE, 0, bytes(values.length),
          Pointer.to(values), 0, null, null));
    }
    transfers.incrementAndGet();
  }

  /** Sets the first {@code floats} values of {@code mem} to {@code value}, bit for bit (NaNs too). */
  void fill(cl_mem mem, float value, long floats) {
    if (floats > 0) {
      check("filling a volume", () -> clEnqueueFillBuffer(queue, mem, Pointer.to(new float[] {value}),
          Sizeof.cl_float, 0, bytes(floats), 0, null, null));
    }
  }

  /** Copies the first {@code floats} values of {@code src} into {@code dst} on the device. */
  void copy(cl_mem src, cl_mem dst, long floats) {
    if (floats > 0) {
      check("copying a volume", () -> clEnqueueCopyBuffer(queue, src, dst, 0, 0, bytes(floats), 0, null, null));
    }
  }

  /** Waits until every enqueued command has finished. */
  void finish() {
    check("finishing the queue", () -> clFinish(queue));
  }

  /** Runs one OpenCL call, turning a failure (a lost device, no memory left) into one line for users. */
  private void check(String what, Runnable call) {
    try {
      call.run();
    } catch (CLException e) {
      throw new ConvoyException("OpenCL failed " + what + " on device " + device.info().address() + " ("
          + device.info().name() + "): " + CL.stringFor_errorCode(e.getStatus()), e);
    }
  }

  @Override
  public void close() {
    try {
      clFinish(queue);
    } finally {
      clReleaseCommandQueue(queue);
      clReleaseContext(context);
    }
  }

  static long bytes(long floats) {
    return floats * Sizeof.cl_float;
  }

  private cl_mem create(long flags, long floats, Pointer host, String what) {
    long size = bytes(Math.max(1, floats));
    if (size > device.info().maxAllocationBytes()) {
      throw new ConvoyException(what + " needs " + mib(size) + " but OpenCL device " + device.info().address() + " ("
          + device.info().name() + ") allows at most " + mib(device.info().maxAllocationBytes()) + " in one buffer");
    }
    try {
      return clCreateBuffer(context, flags, size, host, null);
    } catch (CLException e) {
      throw new ConvoyException("OpenCL device " + device.info().address() + " (" + device.info().name()
          + ") could not allocate " + mib(size) + " for " + what + ": " + CL.stringFor_errorCode(e.getStatus()));
    }
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
  }
}
