package dev.convoy.backends.opencl;

import java.util.Locale;

/**
 * What Convoy knows of one OpenCL device, as plain values: where it is ({@code platform:device},
 * the numbers users select it by), what it is, and what the program cache keys on.
 */
record DeviceInfo(
    int platform,
    int device,
    String platformName,
    String platformVersion,
    String name,
    Kind kind,
    long globalMemoryBytes,
    long maxAllocationBytes,
    int computeUnits,
    long maxWorkGroupSize,
    String deviceVersion,
    String driverVersion,
    boolean correctlyRoundedDivideSqrt) {

  /** The device types users care about; everything else is OTHER. */
  enum Kind {
    GPU, CPU, ACCELERATOR, OTHER
  }

  /** {@code 0:1}: how it is selected, {@code --backend opencl:0:1}. */
  String address() {
    return platform + ":" + device;
  }

  /** One line for {@code convoy backends}: address, name, type, memory, compute units, versions. */
  String describe() {
    return address() + "  " + name + " (" + platformName + "), " + kind + ", "
        + String.format(Locale.ROOT, "%.1f GiB", globalMemoryBytes / (double) (1L << 30)) + ", " + computeUnits
        + " compute units, " + openClVersion() + ", driver " + driverVersion;
  }

  /** {@code OpenCL 3.0}: the device version without the vendor's suffix (PoCL adds its build string). */
  String openClVersion() {
    String[] words = deviceVersion.split(" ");
    return words.length >= 2 ? words[0] + " " + words[1] : deviceVersion;
  }

  /** Short, for the availability reason: {@code CPU pthread-skylake-avx512 (Portable Computing Language)}. */
  String summary() {
    return kind + " " + name + " (" + platformName + ")";
  }

  /** What the program cache keys compiled code on: the same source builds differently elsewhere. */
  String buildIdentity() {
    return platformName + "\n" + platformVersion + "\n" + name + "\n" + deviceVersion + "\n" + driverVersion;
  }
}
