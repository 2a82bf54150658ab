package dev.convoy.backends.opencl;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The device the tests run on, or a skipped test (never a failure) saying why OpenCL is unavailable here. */
final class OpenClTestDevice {
  private OpenClTestDevice() {}

  static OpenClProbe.Result probe() {
    OpenClProbe.Result probe = OpenClProbe.system();
    assumeTrue(probe.available(), () -> "OpenCL is not available here (" + probe.problem()
        + "), so the opencl backend's device tests are skipped");
    return probe;
  }

  /** The device a plain {@code --backend opencl} opens. */
  static OpenClDevice device() {
    OpenClProbe.Result probe = probe();
    DeviceInfo chosen = DeviceChoice.byDefault(probe.infos());
    return probe.devices().stream().filter(d -> d.info() == chosen).findFirst().orElseThrow();
  }
}
