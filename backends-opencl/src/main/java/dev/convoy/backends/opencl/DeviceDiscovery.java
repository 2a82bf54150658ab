package dev.convoy.backends.opencl;

import static org.jocl.CL.CL_DEVICE_GLOBAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_COMPUTE_UNITS;
import static org.jocl.CL.CL_DEVICE_MAX_MEM_ALLOC_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_WORK_GROUP_SIZE;
import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_NOT_FOUND;
import static org.jocl.CL.CL_DEVICE_SINGLE_FP_CONFIG;
import static org.jocl.CL.CL_DEVICE_TYPE;
import static org.jocl.CL.CL_DEVICE_TYPE_ACCELERATOR;
import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_DEVICE_TYPE_CPU;
import static org.jocl.CL.CL_DEVICE_TYPE_GPU;
import static org.jocl.CL.CL_DEVICE_VERSION;
import static org.jocl.CL.CL_DRIVER_VERSION;
import static org.jocl.CL.CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT;
import static org.jocl.CL.CL_PLATFORM_NAME;
import static org.jocl.CL.CL_PLATFORM_VERSION;
import static org.jocl.CL.clGetDeviceIDs;
import static org.jocl.CL.clGetPlatformIDs;

import java.util.ArrayList;
import java.util.List;
import org.jocl.CLException;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/** Lists every device of every OpenCL platform, numbered as {@code platform:device} in the order the loader gives. */
final class DeviceDiscovery {
  private DeviceDiscovery() {}

  /** Every device; JOCL exceptions must be enabled (a platform-less loader throws CL_PLATFORM_NOT_FOUND_KHR). */
  static List<OpenClDevice> all() {
    int[] count = new int[1];
    clGetPlatformIDs(0, null, count);
    cl_platform_id[] platforms = new cl_platform_id[count[0]];
    if (platforms.length > 0) {
      clGetPlatformIDs(platforms.length, platforms, null);
    }
    List<OpenClDevice> devices = new ArrayList<>();
    for (int p = 0; p < platforms.length; p++) {
      cl_device_id[] ids = devicesOf(platforms[p]);
      for (int d = 0; d < ids.length; d++) {
        devices.add(new OpenClDevice(describe(p, d, platforms[p], ids[d]), platforms[p], ids[d]));
      }
    }
    return devices;
  }

  private static cl_device_id[] devicesOf(cl_platform_id platform) {
    int[] count = new int[1];
    try {
      clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, null, count);
    } catch (CLException e) {
      if (e.getStatus() == CL_DEVICE_NOT_FOUND) {
        return new cl_device_id[0];
      }
      throw e;
    }
    cl_device_id[] ids = new cl_device_id[count[0]];
    clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, ids.length, ids, null);
    return ids;
  }

  private static DeviceInfo describe(int p, int d, cl_platform_id platform, cl_device_id id) {
    long type = ClInfo.deviceLong(id, CL_DEVICE_TYPE);
    DeviceInfo.Kind kind = (type & CL_DEVICE_TYPE_GPU) != 0 ? DeviceInfo.Kind.GPU
        : (type & CL_DEVICE_TYPE_CPU) != 0 ? DeviceInfo.Kind.CPU
        : (type & CL_DEVICE_TYPE_ACCELERATOR) != 0 ? DeviceInfo.Kind.ACCELERATOR
        : DeviceInfo.Kind.OTHER;
    return new DeviceInfo(p, d,
        ClInfo.platformString(platform, CL_PLATFORM_NAME),
        ClInfo.platformString(platform, CL_PLATFORM_VERSION),
        ClInfo.deviceString(id, CL_DEVICE_NAME),
        kind,
        ClInfo.deviceLong(id, CL_DEVICE_GLOBAL_MEM_SIZE),
        ClInfo.deviceLong(id, CL_DEVICE_MAX_MEM_ALLOC_SIZE),
        ClInfo.deviceInt(id, CL_DEVICE_MAX_COMPUTE_UNITS),
        ClInfo.deviceSize(id, CL_DEVICE_MAX_WORK_GROUP_SIZE),
        ClInfo.deviceString(id, CL_DEVICE_VERSION),
        ClInfo.deviceString(id, CL_DRIVER_VERSION),
        (ClInfo.deviceLong(id, CL_DEVICE_SINGLE_FP_CONFIG) & CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT) != 0);
  }
}
