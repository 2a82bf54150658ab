package dev.convoy.backends.opencl;

import dev.convoy.api.Backend;
import dev.convoy.api.BackendProvider;
import dev.convoy.api.ConvoyException;
import java.util.ArrayList;
import java.util.List;

/**
 * Provides the {@code opencl} backend. Available where an OpenCL loader, a driver and a device
 * exist ({@link OpenClProbe}, once per process, without crashing where they do not); otherwise it
 * says which is missing. {@code --backend opencl:P:D} (or {@code -Dconvoy.opencl.device=P:D})
 * picks a device; {@code convoy backends} lists them.
 *
 * <p>Rank, so that the default stays the fastest backend: above simd when it would open a GPU,
 * below simd (above reference) on a CPU device such as PoCL's. Both only once the families a
 * training step needs run on the device ({@link OpenClFamilies#coverTraining()}). Until then
 * every family call copies its volumes to the host and back (on a GPU, across the bus), which
 * would make a GPU default slower than simd; so it ranks below reference, is never chosen by
 * default, and runs when asked for by name.
 */
public final class OpenClBackendProvider implements BackendProvider {

  /** The name users select this backend by. */
  public static final String NAME = "opencl";
  /** Above simd (100): a GPU is the fastest thing here. */
  static final int GPU_RANK = 150;
  /** Below simd: an OpenCL CPU device runs on the same cores, with copies the simd backend does not need. */
  static final int CPU_RANK = 50;
  /** Below reference (0): while the training families run through the host fallback, only by name. */
  static final int FALLBACK_RANK = -10;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int rank() {
    if (!OpenClFamilies.coverTraining()) {
      return FALLBACK_RANK;
    }
    OpenClProbe.Result probe = OpenClProbe.system();
    return probe.available() ? rankFor(defaultDevice(probe), true) : CPU_RANK;
  }

  /** The rank of a backend on {@code device}, with or without the training families on the device. */
  static int rankFor(DeviceInfo device, boolean familiesOnDevice) {
    if (!familiesOnDevice) {
      return FALLBACK_RANK;
    }
    return device.kind() == DeviceInfo.Kind.GPU ? GPU_RANK : CPU_RANK;
  }

  @Override
  public String description() {
    return "OpenCL kernels through JOCL, volumes in device memory (a GPU, or a CPU through PoCL)";
  }

  @Override
  public Availability availability() {
    OpenClProbe.Result probe = OpenClProbe.system();
    return probe.available()
        ? new Availability(true, defaultDevice(probe).summary())
        : Availability.no(probe.problem());
  }

  @Override
  public Backend create() {
    return create("");
  }

  /** The backend on device {@code options} ({@code P:D}), else on the {@link DeviceChoice} default. */
  @Override
  public Backend create(String options) {
    OpenClProbe.Result probe = OpenClProbe.system();
    if (!probe.available()) {
      throw new ConvoyException("the opencl backend cannot run here: " + probe.problem()
          + "; choose another backend, e.g. --backend simd");
    }
    DeviceInfo chosen = DeviceChoice.choose(probe.infos(), options, System.getProperty(DeviceChoice.PROPERTY));
    OpenClDevice device = probe.devices().stream().filter(d -> d.info() == chosen).findFirst().orElseThrow();
    return new OpenClBackend(device, ProgramCache.system());
  }

  /** One line per device, the default marked, then how to choose; nothing where OpenCL is unavailable. */
  @Override
  public List<String> details() {
    OpenClProbe.Result probe = OpenClProbe.system();
    return probe.available() ? details(probe.infos(), defaultDevice(probe)) : List.of();
  }

  static List<String> details(List<DeviceInfo> devices, DeviceInfo chosen) {
    List<String> lines = new ArrayList<>();
    for (DeviceInfo device : devices) {
      lines.add(device.describe() + (device == chosen ? "  (default)" : ""));
    }
    lines.add("choose one with --backend opencl:P:D or -D" + DeviceChoice.PROPERTY + "=P:D; default: the first GPU,"
        + " else the first device");
    return lines;
  }

  /** The device {@code create("")} opens: the property's when it names one, else the first GPU or device. */
  private static DeviceInfo defaultDevice(OpenClProbe.Result probe) {
    try {
      return DeviceChoice.choose(probe.infos(), "", System.getProperty(DeviceChoice.PROPERTY));
    } catch (ConvoyException e) {
      return DeviceChoice.byDefault(probe.infos());
    }
  }
}
