package dev.convoy.backends.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the conformance kit does not reach: GEMM over several tiles with ragged edges, the bias
 * gradient over several slices, the transfer count, device options and the backend's close.
 */
class OpenClBackendTest {
  private OpenClBackend backend;

  @BeforeEach
  void open() {
    OpenClTestDevice.probe();
    backend = (OpenClBackend) new OpenClBackendProvider().create();
  }

  @AfterEach
  void close() {
    if (backend != null) {
      backend.close();
    }
  }

  private static float[] random(int size, long seed) {
    Random random = new Random(seed);
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = random.nextFloat() * 2 - 1;
    }
    return values;
  }

  /** Runs GEMM through {@code gemm} on tile-crossing, ragged sizes in every transpose case, against a triple loop. */
  private void checkGemm(OpenClGemm gemm, String what) {
    int m = 131;
    int n = 67;
    int k = 205;
    float[] a = random(m * k, 1);
    float[] b = random(k * n, 2);
    float[] c = random(m * n, 3);
    for (boolean ta : new boolean[] {false, true}) {
      for (boolean tb : new boolean[] {false, true}) {
        try (Volume av = backend.upload(ta ? Shape.of(k, m) : Shape.of(m, k), a);
            Volume bv = backend.upload(tb ? Shape.of(n, k) : Shape.of(k, n), b);
            Volume cv = backend.upload(Shape.of(m, n), c)) {
          gemm.gemm(ta, tb, 0.5f, backend.own(av, "a"), backend.own(bv, "b"), -2f, backend.own(cv, "c"));
          float[] actual = cv.toArray();
          double largest = 0;
          double worst = 0;
          for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
              double dot = 0;
              for (int p = 0; p < k; p++) {
                dot += (double) (ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
              }
              double expected = 0.5 * dot - 2.0 * c[i * n + j];
              largest = Math.max(largest, Math.abs(expected));
              worst = Math.max(worst, Math.abs(expected - actual[i * n + j]));
            }
          }
          assertTrue(worst <= 1e-5 * largest,
              what + " transA=" + ta + " transB=" + tb + ": off by " + worst + " of " + largest);
        }
      }
    }
  }

  @Test
  void gemmOverSeveralTilesWithRaggedEdgesMatchesATripleLoopInEveryTransposeCase() {
    checkGemm(new OpenClGemm(backend.programs(), backend.device()), "this device's tiling");
  }

  @Test
  void everyTilingComputesTheSameProductWhateverDeviceRunsIt() {
    DeviceInfo d = backend.device();
    for (DeviceInfo.Kind kind : DeviceInfo.Kind.values()) {
      for (long maxGroup : new long[] {1024, 128}) {
        DeviceInfo variant = new DeviceInfo(d.platform(), d.device(), d.platformName(), d.platformVersion(), d.name(),
            kind, d.globalMemoryBytes(), d.maxAllocationBytes(), d.computeUnits(), maxGroup, d.deviceVersion(),
            d.driverVersion(), d.correctlyRoundedDivideSqrt());
        checkGemm(new OpenClGemm(backend.programs(), variant), "the " + kind + " tiling for work-groups of " + maxGroup);
      }
    }
  }

  @Test
  void theBiasGradientOverManySlicesIsTheSumAndTheSameEveryRun() {
    Shape shape = Shape.nchw(16, 3, 61, 59); // 57,584 values per channel: many slices of work-groups
    float[] dy = random((int) shape.size(), 4);
    int inner = 61 * 59;
    double[] expected = {0.25, -1, 0};
    for (int i = 0; i < dy.length; i++) {
      expected[i / inner % 3] += dy[i];
    }
    try (Volume grad = backend.upload(shape, dy);
        Volume first = backend.upload(Shape.of(3), new float[] {0.25f, -1f, 0f});
        Volume second = backend.upload(Shape.of(3), new float[] {0.25f, -1f, 0f})) {
      backend.accumulateChannelBiasGradient(grad, first);
      backend.accumulateChannelBiasGradient(grad, second);
      float[] once = first.toArray();
      for (int ch = 0; ch < 3; ch++) {
        assertEquals(expected[ch], once[ch], 1e-5 * Math.sqrt(dy.length), "channel " + ch);
      }
      assertArrayEquals(once, second.toArray(), "a fixed summation order gives the same bits every time");
    }
  }

  @Test
  void everyUploadReadAndWriteCountsAsOneTransferAndKernelsNone() {
    long before = backend.transfers();
    try (Volume x = backend.upload(Shape.of(4), new float[] {1, 2, 3, 4});
        Volume y = backend.allocate(Shape.of(4))) {
      backend.axpy(2f, x, y);
      backend.scale(y, 0.5f);
      backend.copy(y, x);
      backend.fill(y, 1f);
      assertEquals(1, backend.transfers() - before, "upload only; allocate and kernels move nothing");
      x.write(new float[] {4, 3, 2, 1});
      assertArrayEquals(new float[] {4, 3, 2, 1}, x.toArray());
      assertEquals(3, backend.transfers() - before);
    }
  }

  @Test
  void programsAreBuiltOnFirstUseOnly() {
    assertEquals(0, backend.programBuilds().size(), "opening a backend compiles nothing");
    try (Volume x = backend.upload(Shape.of(3), new float[] {1, 2, 3})) {
      backend.scale(x, 2f);
      backend.scale(x, 2f);
      backend.multiply(x, x, x);
      assertEquals(1, backend.programBuilds().size(), "one program for the elementwise kernels");
      assertArrayEquals(new float[] {16, 64, 144}, x.toArray());
    }
  }

  @Test
  void aDeviceIsChosenByOptionAndABadOneSaysWhichThereAre() {
    String first = OpenClProbe.system().infos().getFirst().address();
    try (Backend chosen = new OpenClBackendProvider().create(first)) {
      assertEquals("opencl", chosen.name());
    }
    ConvoyException e = assertThrows(ConvoyException.class, () -> new OpenClBackendProvider().create("9:9"));
    assertTrue(e.getMessage().contains("no OpenCL device 9:9 (--backend opencl:9:9)"), e.getMessage());
    assertTrue(e.getMessage().contains(first), e.getMessage());
  }

  @Test
  void closingTheBackendReleasesItsVolumesAndTwiceIsHarmless() {
    Volume leaked = backend.upload(Shape.of(2), new float[] {1, 2});
    Volume view = leaked.reshape(Shape.of(1, 2));
    backend.close();
    backend.close();
    assertThrows(IllegalStateException.class, leaked::toArray);
    assertThrows(IllegalStateException.class, view::toArray);
    backend = null;
  }

  @Test
  void theProviderReportsTheDeviceItWouldOpen() {
    OpenClBackendProvider provider = new OpenClBackendProvider();
    assertTrue(provider.availability().available());
    assertTrue(provider.availability().reason().contains(backend.device().name()), provider.availability().reason());
    assertEquals(OpenClBackendProvider.rankFor(backend.device(), OpenClFamilies.coverTraining()), provider.rank());
    assertTrue(provider.details().stream().anyMatch(line -> line.endsWith("(default)")), provider.details().toString());
  }
}
