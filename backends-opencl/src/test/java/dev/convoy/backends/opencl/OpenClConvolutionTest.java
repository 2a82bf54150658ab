package dev.convoy.backends.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.ConvGeometry;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.Activation;
import dev.convoy.tck.ConvCases;
import dev.convoy.tck.TckRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the conformance kit's small cases do not reach: geometries spanning several tiles in every
 * direction with dilation, groups, strides and asymmetric padding together; the GPU tilings (run
 * here on whatever device there is); and a filter gradient cut into many slices, the same bits
 * every run.
 */
class OpenClConvolutionTest {
  /** Dilation 2x3, groups 2, stride 2x1, pads 2/1/0/3: 312 output columns, several tiles wide. */
  private static final ConvGeometry DILATED_GROUPS = ConvCases.geometry(3, 6, 17, 15, 10, 3, 3, 2, 1, 2, 1, 0, 3, 2, 3, 2);
  /** 70 filters and input channels: two tiles tall in both products, 630 taps in the reduction. */
  private static final ConvGeometry TALL = ConvCases.geometry(2, 70, 5, 6, 70, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1);
  /** Depthwise with stride 2 over a batch of 5: one row per group. */
  private static final ConvGeometry DEPTHWISE = ConvCases.geometry(5, 4, 9, 8, 4, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 4);
  /** 12,544 output positions: the filter gradient's reduction is cut into slices. */
  private static final ConvGeometry LONG_REDUCTION = ConvCases.geometry(16, 3, 32, 32, 8, 5, 5, 1, 1, 0, 0, 0, 0, 1, 1, 1);

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

  @Test
  void everyPassMatchesTheDefinitionOnGeometriesSpanningSeveralTiles() {
    OpenClConvolution conv = new OpenClConvolution(backend);
    for (ConvGeometry g : new ConvGeometry[] {DILATED_GROUPS, TALL, DEPTHWISE, LONG_REDUCTION}) {
      check(conv, g, "this device's tiling, " + g);
    }
  }

  @Test
  void everyTilingComputesTheSameConvolutionWhateverDeviceRunsIt() {
    DeviceInfo d = backend.device();
    for (DeviceInfo.Kind kind : new DeviceInfo.Kind[] {DeviceInfo.Kind.CPU, DeviceInfo.Kind.GPU}) {
      for (long maxGroup : new long[] {1024, 128}) {
        for (int units : new int[] {1, 80}) {
          DeviceInfo variant = new DeviceInfo(d.platform(), d.device(), d.platformName(), d.platformVersion(),
              d.name(), kind, d.globalMemoryBytes(), d.maxAllocationBytes(), units, maxGroup, d.deviceVersion(),
              d.driverVersion(), d.correctlyRoundedDivideSqrt());
          OpenClConvolution conv = new OpenClConvolution(backend, variant);
          String what = "the " + kind + " tiling for work-groups of " + maxGroup + " and " + units + " units, ";
          check(conv, DILATED_GROUPS, what + "dilation and groups");
          check(conv, LONG_REDUCTION, what + "long reduction");
        }
      }
    }
  }

  @Test
  void theFilterGradientOverManySlicesIsTheSameEveryRun() {
    ConvGeometry g = LONG_REDUCTION;
    TckRandom random = new TckRandom(7);
    float[] x = random.uniform(g.inputShape().intSize());
    float[] dy = random.uniform(g.outputShape().intSize());
    float[] start = random.uniform(g.filterShape().intSize());
    OpenClConvolution conv = new OpenClConvolution(backend);
    try (Volume xv = backend.upload(g.inputShape(), x);
        Volume dyv = backend.upload(g.outputShape(), dy);
        Volume first = backend.upload(g.filterShape(), start);
        Volume second = backend.upload(g.filterShape(), start)) {
      conv.accumulateFilterGradient(xv, dyv, first, g);
      conv.accumulateFilterGradient(xv, dyv, second, g);
      assertArrayEquals(first.toArray(), second.toArray(), "a fixed summation order gives the same bits every time");
    }
  }

  @Test
  void theFusedForwardAppliesBiasThenResidualThenTheActivation() {
    ConvGeometry g = DILATED_GROUPS;
    TckRandom random = new TckRandom(8);
    float[] x = random.uniform(g.inputShape().intSize());
    float[] w = random.uniform(g.filterShape().intSize());
    float[] bias = random.uniform(g.k());
    float[] residual = random.uniform(g.outputShape().intSize());
    double[] expected = Direct.of(g, x, w, new float[g.outputShape().intSize()]).y;
    int plane = g.outH() * g.outW();
    for (int i = 0; i < expected.length; i++) {
      expected[i] = Math.tanh(expected[i] + bias[i / plane % g.k()] + residual[i]);
    }
    try (Volume xv = backend.upload(g.inputShape(), x);
        Volume wv = backend.upload(g.filterShape(), w);
        Volume bv = backend.upload(Shape.of(g.k()), bias);
        Volume rv = backend.upload(g.outputShape(), residual);
        Volume y = backend.allocate(g.outputShape())) {
      new OpenClFusedConvolution(backend).forward(xv, wv, bv, rv, new Activation.Tanh(), y, g);
      assertClose(expected, y.toArray(), "fused conv + bias + residual + tanh, " + g);
    }
  }

  /** Runs the three passes through {@code conv} on random data and compares them with {@link Direct}. */
  private void check(OpenClConvolution conv, ConvGeometry g, String what) {
    TckRandom random = new TckRandom(g.hashCode());
    float[] x = random.uniform(g.inputShape().intSize());
    float[] w = random.uniform(g.filterShape().intSize());
    float[] dy = random.uniform(g.outputShape().intSize());
    float[] dwStart = random.uniform(g.filterShape().intSize());
    Direct expected = Direct.of(g, x, w, dy);
    for (int i = 0; i < dwStart.length; i++) {
      expected.dw[i] += dwStart[i];
    }
    try (Volume xv = backend.upload(g.inputShape(), x);
        Volume wv = backend.upload(g.filterShape(), w);
        Volume dyv = backend.upload(g.outputShape(), dy);
        Volume y = backend.allocate(g.outputShape());
        Volume dx = backend.allocate(g.inputShape());
        Volume dw = backend.upload(g.filterShape(), dwStart)) {
      backend.fill(y, Float.NaN);
      backend.fill(dx, Float.NaN);
      conv.forward(xv, wv, null, y, g);
      conv.backwardData(dyv, wv, dx, g);
      conv.accumulateFilterGradient(xv, dyv, dw, g);
      assertClose(expected.y, y.toArray(), what + ": forward");
      assertClose(expected.dx, dx.toArray(), what + ": backward data");
      assertClose(expected.dw, dw.toArray(), what + ": filter gradient");
    }
  }

  private static void assertClose(double[] expected, float[] actual, String what) {
    double largest = 1e-3;
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      largest = Math.max(largest, Math.abs(expected[i]));
      double diff = Math.abs(expected[i] - actual[i]);
      worst = Float.isNaN(actual[i]) ? Double.NaN : Math.max(worst, diff);
    }
    assertTrue(worst <= 1e-5 * largest, what + ": off by " + worst + " of " + largest);
  }

  /**
   * The three passes from the definition, in double: every (image, filter, output position, tap)
   * that reads the input adds {@code x * w} to y, {@code dy * w} to dx and {@code dy * x} to dw.
   */
  private record Direct(double[] y, double[] dx, double[] dw) {
    static Direct of(ConvGeometry g, float[] x, float[] w, float[] dy) {
      Direct d = new Direct(new double[dy.length], new double[x.length], new double[w.length]);
      int cg = g.c() / g.groups();
      int kg = g.k() / g.groups();
      for (int n = 0; n < g.n(); n++) {
        for (int f = 0; f < g.k(); f++) {
          for (int oh = 0; oh < g.outH(); oh++) {
            for (int ow = 0; ow < g.outW(); ow++) {
              int out = ((n * g.k() + f) * g.outH() + oh) * g.outW() + ow;
              for (int ch = 0; ch < cg; ch++) {
                for (int i = 0; i < g.kh(); i++) {
                  for (int j = 0; j < g.kw(); j++) {
                    int ih = oh * g.strideH() - g.padTop() + i * g.dilationH();
                    int iw = ow * g.strideW() - g.padLeft() + j * g.dilationW();
                    if (ih < 0 || ih >= g.h() || iw < 0 || iw >= g.w()) {
                      continue;
                    }
                    int in = ((n * g.c() + f / kg * cg + ch) * g.h() + ih) * g.w() + iw;
                    int tap = ((f * cg + ch) * g.kh() + i) * g.kw() + j;
                    d.y[out] += (double) x[in] * w[tap];
                    d.dx[in] += (double) dy[out] * w[tap];
                    d.dw[tap] += (double) dy[out] * x[in];
                  }
                }
              }
            }
          }
        }
      }
      return d;
    }
  }
}
