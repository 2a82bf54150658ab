package dev.convoy.backends.opencl;

import dev.convoy.api.ConvoyException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Which device a backend opens: {@code P:D} from {@code --backend opencl:P:D}, else the system
 * property {@code convoy.opencl.device=P:D}, else the first GPU, else the first device.
 */
final class DeviceChoice {
  /** The system property that picks a device when {@code --backend} names none. */
  static final String PROPERTY = "convoy.opencl.device";

  private DeviceChoice() {}

  /**
   * The device for {@code options} (what followed {@code opencl:}, may be blank) and the value of
   * {@link #PROPERTY} (may be null); a one-line error for a malformed or unknown address.
   */
  static DeviceInfo choose(List<DeviceInfo> devices, String options, String property) {
    if (devices.isEmpty()) {
      throw new ConvoyException("there is no OpenCL device here");
    }
    if (options != null && !options.isBlank()) {
      return find(devices, options.trim(), "--backend opencl:" + options.trim());
    }
    if (property != null && !property.isBlank()) {
      return find(devices, property.trim(), "-D" + PROPERTY + "=" + property.trim());
    }
    return byDefault(devices);
  }

  /** The first GPU, else the first device. */
  static DeviceInfo byDefault(List<DeviceInfo> devices) {
    return devices.stream().filter(d -> d.kind() == DeviceInfo.Kind.GPU).findFirst().orElse(devices.getFirst());
  }

  private static DeviceInfo find(List<DeviceInfo> devices, String address, String source) {
    int[] numbers = parse(address, source);
    return devices.stream()
        .filter(d -> d.platform() == numbers[0] && d.device() == numbers[1])
        .findFirst()
        .orElseThrow(() -> new ConvoyException("there is no OpenCL device " + address + " (" + source
            + "); the devices here are " + devices.stream().map(d -> d.address() + " (" + d.name() + ")")
                .collect(Collectors.joining(", ")) + "; see convoy backends"));
  }

  /** {@code {P, D}} from {@code "P:D"}, two numbers of zero or more. */
  static int[] parse(String address, String source) {
    String[] parts = address.split(":", -1);
    if (parts.length == 2) {
      try {
        int platform = Integer.parseInt(parts[0].trim());
        int device = Integer.parseInt(parts[1].trim());
        if (platform >= 0 && device >= 0) {
          return new int[] {platform, device};
        }
      } catch (NumberFormatException e) {
        // Falls through to the one message for every malformed address.
      }
    }
    throw new ConvoyException("'" + address + "' (" + source + ") is not an OpenCL device: write the platform and"
        + " device numbers as P:D, e.g. opencl:0:0 (convoy backends lists them)");
  }
}
