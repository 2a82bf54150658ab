package dev.convoy.backends.opencl;

import static org.jocl.CL.CL_KERNEL_WORK_GROUP_SIZE;
import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clEnqueueNDRangeKernel;
import static org.jocl.CL.clGetKernelWorkGroupInfo;
import static org.jocl.CL.clReleaseKernel;
import static org.jocl.CL.clSetKernelArg;

import dev.convoy.api.ConvoyException;
import java.util.ArrayList;
import java.util.List;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

/**
 * One kernel of a built program, and the way to launch it:
 * {@code kernel.call().arg(x).arg(alpha).arg(n).launch(n)}. Setting the arguments and enqueueing
 * happen under the kernel's lock, since a cl_kernel holds its arguments between the two.
 */
final class ClKernel implements AutoCloseable {
  private final DeviceSession session;
  private final cl_kernel handle;
  private final String name;

  ClKernel(DeviceSession session, cl_program program, String name) {
    this.session = session;
    this.handle = clCreateKernel(program, name, null);
    this.name = name;
  }

  String name() {
    return name;
  }

  /** The largest work-group this kernel can run with on its device (may be below the device's maximum). */
  long maxWorkGroupSize() {
    long[] size = new long[1];
    clGetKernelWorkGroupInfo(handle, session.device().deviceId(), CL_KERNEL_WORK_GROUP_SIZE, Sizeof.size_t,
        Pointer.to(size), null);
    return size[0];
  }

  /** A launch with no arguments yet. */
  Call call() {
    return new Call();
  }

  @Override
  public void close() {
    clReleaseKernel(handle);
  }

  /** Arguments in kernel order, then a launch. */
  final class Call {
    private final List<Long> sizes = new ArrayList<>();
    private final List<Pointer> values = new ArrayList<>();

    Call arg(cl_mem buffer) {
      return add(Sizeof.cl_mem, Pointer.to(buffer));
    }

    Call arg(float value) {
      return add(Sizeof.cl_float, Pointer.to(new float[] {value}));
    }

    Call arg(int value) {
      return add(Sizeof.cl_int, Pointer.to(new int[] {value}));
    }

    /** A __local buffer of {@code floats} values. */
    Call local(int floats) {
      return add((long) floats * Sizeof.cl_float, null);
    }

    /** One work-item per index below {@code items}, in work-groups the driver chooses; nothing for zero. */
    void launch(long items) {
      if (items > 0) {
        enqueue(new long[] {items}, null);
      }
    }

    /**
     * {@code global} work-items in work-groups of {@code local} (each global size a multiple of its
     * local one, as OpenCL 1.2 requires); nothing when any size is zero.
     */
    void launch(long[] global, long[] local) {
      for (long g : global) {
        if (g == 0) {
          return;
        }
      }
      enqueue(global, local);
    }

    private Call add(long size, Pointer value) {
      sizes.add(size);
      values.add(value);
      return this;
    }

    private void enqueue(long[] global, long[] local) {
      synchronized (ClKernel.this) {
        try {
          for (int i = 0; i < sizes.size(); i++) {
            clSetKernelArg(handle, i, sizes.get(i), values.get(i));
          }
          clEnqueueNDRangeKernel(session.queue(), handle, global.length, null, global, local, 0, null, null);
        } catch (CLException e) {
          throw new ConvoyException("OpenCL kernel " + name + " failed on " + session.info().name() + ": "
              + CL.stringFor_errorCode(e.getStatus()), e);
        }
      }
    }
  }
}
