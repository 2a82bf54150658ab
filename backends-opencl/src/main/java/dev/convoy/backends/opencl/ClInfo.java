package dev.convoy.backends.opencl;

import static org.jocl.CL.clGetDeviceInfo;
import static org.jocl.CL.clGetPlatformInfo;

import java.nio.charset.StandardCharsets;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/** Reads platform and device properties through JOCL's size-then-value calls. */
final class ClInfo {
  private ClInfo() {}

  static String platformString(cl_platform_id platform, int param) {
    long[] size = new long[1];
    clGetPlatformInfo(platform, param, 0, null, size);
    byte[] bytes = new byte[(int) size[0]];
    clGetPlatformInfo(platform, param, bytes.length, Pointer.to(bytes), null);
    return text(bytes);
  }

  static String deviceString(cl_device_id device, int param) {
    long[] size = new long[1];
    clGetDeviceInfo(device, param, 0, null, size);
    byte[] bytes = new byte[(int) size[0]];
    clGetDeviceInfo(device, param, bytes.length, Pointer.to(bytes), null);
    return text(bytes);
  }

  /** A cl_ulong or cl_bitfield property. */
  static long deviceLong(cl_device_id device, int param) {
    long[] value = new long[1];
    clGetDeviceInfo(device, param, Sizeof.cl_ulong, Pointer.to(value), null);
    return value[0];
  }

  /** A cl_uint property. */
  static int deviceInt(cl_device_id device, int param) {
    int[] value = new int[1];
    clGetDeviceInfo(device, param, Sizeof.cl_uint, Pointer.to(value), null);
    return value[0];
  }

  /** A size_t property (read into a long: JOCL's convention, exact on 64-bit hosts). */
  static long deviceSize(cl_device_id device, int param) {
    long[] value = new long[1];
    clGetDeviceInfo(device, param, Sizeof.size_t, Pointer.to(value), null);
    return value[0];
  }

  /** The C string without its NUL, trimmed (drivers pad some names with spaces). */
  private static String text(byte[] bytes) {
    int length = 0;
    while (length < bytes.length && bytes[length] != 0) {
      length++;
    }
    return new String(bytes, 0, length, StandardCharsets.UTF_8).trim();
  }
}
