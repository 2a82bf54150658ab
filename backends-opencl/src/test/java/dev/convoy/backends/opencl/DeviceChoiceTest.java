package dev.convoy.backends.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.ConvoyException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code opencl:P:D}, {@code -Dconvoy.opencl.device=P:D} and the default device, on made-up devices. */
class DeviceChoiceTest {
  private static final DeviceInfo CPU = device(0, 0, DeviceInfo.Kind.CPU, "pocl cpu");
  private static final DeviceInfo GPU = device(1, 0, DeviceInfo.Kind.GPU, "big gpu");
  private static final DeviceInfo SECOND_GPU = device(1, 1, DeviceInfo.Kind.GPU, "small gpu");
  private static final List<DeviceInfo> DEVICES = List.of(CPU, GPU, SECOND_GPU);

  static DeviceInfo device(int platform, int device, DeviceInfo.Kind kind, String name) {
    return new DeviceInfo(platform, device, "platform " + platform, "OpenCL 3.0", name, kind, 8L << 30, 2L << 30, 4,
        1024, "OpenCL 3.0", "1.0", true);
  }

  @Test
  void theDefaultIsTheFirstGpuElseTheFirstDevice() {
    assertSame(GPU, DeviceChoice.choose(DEVICES, "", null));
    assertSame(CPU, DeviceChoice.choose(List.of(CPU), null, " "));
  }

  @Test
  void theOptionWinsOverThePropertyWhichWinsOverTheDefault() {
    assertSame(CPU, DeviceChoice.choose(DEVICES, "0:0", "1:1"));
    assertSame(SECOND_GPU, DeviceChoice.choose(DEVICES, "", "1:1"));
    assertSame(SECOND_GPU, DeviceChoice.choose(DEVICES, " 1:1 ", null));
  }

  @Test
  void addressesAreTwoNonNegativeNumbers() {
    assertArrayEquals(new int[] {2, 13}, DeviceChoice.parse("2:13", "test"));
    for (String bad : List.of("1", "a:b", "0:1:2", "-1:0", ":", "0:")) {
      ConvoyException e = assertThrows(ConvoyException.class, () -> DeviceChoice.parse(bad, "--backend opencl:" + bad));
      assertTrue(e.getMessage().contains("P:D"), e.getMessage());
      assertTrue(e.getMessage().contains("--backend opencl:" + bad), e.getMessage());
    }
  }

  @Test
  void anUnknownDeviceListsTheDevicesThereAre() {
    ConvoyException e = assertThrows(ConvoyException.class, () -> DeviceChoice.choose(DEVICES, "", "2:0"));
    assertTrue(e.getMessage().contains("no OpenCL device 2:0 (-Dconvoy.opencl.device=2:0)"), e.getMessage());
    assertTrue(e.getMessage().contains("0:0 (pocl cpu), 1:0 (big gpu), 1:1 (small gpu)"), e.getMessage());
  }

  @Test
  void gpusOutrankSimdAndCpuDevicesDoNotAndNeitherIsADefaultBeforeTheFamiliesRunOnTheDevice() {
    assertEquals(150, OpenClBackendProvider.rankFor(GPU, true));
    assertEquals(50, OpenClBackendProvider.rankFor(CPU, true));
    assertEquals(-10, OpenClBackendProvider.rankFor(GPU, false), "below reference (0)");
    assertEquals(-10, OpenClBackendProvider.rankFor(CPU, false));
  }

  @Test
  void detailsListEveryDeviceMarkTheDefaultAndSayHowToChoose() {
    List<String> lines = OpenClBackendProvider.details(DEVICES, GPU);

    assertEquals(4, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("0:0  pocl cpu (platform 0), CPU, 8.0 GiB, 4 compute units"), lines.get(0));
    assertTrue(lines.get(1).endsWith("(default)"), lines.get(1));
    assertTrue(lines.get(3).contains("--backend opencl:P:D"), lines.get(3));
  }
}
