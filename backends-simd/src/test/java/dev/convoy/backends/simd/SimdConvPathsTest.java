package dev.convoy.backends.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvGeometry;
import dev.convoy.api.KernelResolver;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.ConvolutionKernels;
import dev.convoy.tck.ConvCases;
import dev.convoy.tck.TckRandom;
import dev.convoy.tck.TestLayerContext;
import dev.convoy.tck.VolumeAssertions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The convolution paths the conformance kit's small cases do not reach, against the reference
 * backend: the phase layout (wide images, stride 1 and 4, dilation, groups), the explicit and the
 * packed im2col where the layout does not pay, a 1x1 convolution straight to GEMM, one image split
 * into column strips across threads, one image's filters split across threads, depthwise
 * convolutions, filter gradients of few positions by GEMM, filter counts that take the short GEMM
 * tile, and products bigger than one chunk of scratch.
 */
class SimdConvPathsTest {
  private Backend simd;
  private Backend reference;

  @BeforeEach
  void open() {
    simd = new SimdBackendProvider().create();
    reference = TestLayerContext.loadBackend("reference");
  }

  @AfterEach
  void close() {
    simd.close();
    reference.close();
  }

  private static List<ConvGeometry> geometries() {
    return List.of(
        // n, c, h, w, k, kh, kw, sh, sw, pt, pl, pb, pr, dh, dw, groups
        ConvCases.geometry(2, 5, 17, 30, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1), // phase layout, 8-row tile
        ConvCases.geometry(2, 3, 45, 107, 13, 11, 11, 4, 4, 0, 0, 0, 0, 1, 1, 1), // stride-4 phases
        ConvCases.geometry(1, 4, 20, 26, 24, 3, 3, 2, 2, 1, 2, 0, 1, 1, 1, 1), // one image in strips, asymmetric pads
        ConvCases.geometry(2, 4, 19, 23, 6, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2, 2), // dilation 2, groups 2
        ConvCases.geometry(2, 6, 7, 4, 12, 7, 7, 1, 1, 3, 3, 3, 3, 1, 1, 3), // layout does not pay: explicit im2col
        ConvCases.geometry(2, 3, 9, 5, 5, 5, 5, 2, 2, 1, 1, 1, 1, 1, 1, 1), // strided, does not pay: packed im2col
        ConvCases.geometry(3, 40, 9, 11, 20, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1), // 1x1 straight to GEMM
        ConvCases.geometry(2, 8, 60, 64, 70, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1), // several product chunks
        ConvCases.geometry(1, 3, 40, 3, 4, 5, 5, 1, 1, 2, 2, 2, 2, 1, 1, 1), // explicit im2col in strips
        ConvCases.geometry(1, 3, 80, 5, 4, 5, 5, 2, 2, 1, 1, 1, 1, 1, 1, 1), // packed im2col in strips
        // input gradient turned round: groups, dilation, asymmetric pads
        ConvCases.geometry(2, 16, 13, 17, 24, 3, 3, 1, 1, 2, 1, 0, 2, 2, 2, 2),
        ConvCases.geometry(3, 8, 14, 14, 64, 5, 5, 1, 1, 2, 2, 2, 2, 1, 1, 1), // LeNet's second conv: tap rows
        // tap-row filter gradient with groups of 64 filters, 3x5 taps, dilation 2 down, uneven pads
        ConvCases.geometry(2, 6, 9, 12, 128, 3, 5, 1, 1, 2, 1, 0, 3, 2, 1, 2),
        ConvCases.geometry(4, 1, 28, 28, 32, 5, 5, 1, 1, 2, 2, 2, 2, 1, 1, 1), // LeNet's first: gradient by image parts
        // direct tiles (so is LeNet's second layer above): groups of 32, ragged runs and filter
        // blocks, one image in row strips, dilation 2
        ConvCases.geometry(2, 32, 9, 28, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 2),
        ConvCases.geometry(2, 16, 6, 40, 60, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1),
        ConvCases.geometry(1, 16, 12, 28, 32, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1),
        ConvCases.geometry(2, 16, 19, 28, 32, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2, 1),
        // tap-row direct tiles (5 taps a row) of 16 filters: forward, and the input gradient turned
        // round to 32 filters of 400 taps; then ragged runs and filter blocks, one image in row strips
        ConvCases.geometry(2, 32, 10, 14, 16, 5, 5, 1, 1, 2, 2, 2, 2, 1, 1, 1),
        ConvCases.geometry(1, 6, 11, 27, 30, 5, 5, 1, 1, 2, 2, 2, 2, 1, 1, 1),
        // one image of too few columns to strip: its filters split across threads, in whole tiles
        // with a ragged last part, through the phase layout, the plain 1x1 (groups 2) and strided paths
        ConvCases.geometry(1, 8, 5, 5, 100, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1),
        ConvCases.geometry(1, 40, 6, 6, 98, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 2),
        ConvCases.geometry(1, 16, 9, 9, 60, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1),
        // depthwise (a filter per channel), plane by plane: stride 1; stride 2 through column phases with
        // asymmetric pads and dilation 2; 5x5 stride 2 on an odd width; stride 3
        ConvCases.geometry(2, 12, 9, 11, 12, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 12),
        ConvCases.geometry(1, 20, 13, 15, 20, 3, 3, 2, 2, 1, 0, 2, 1, 2, 2, 20),
        ConvCases.geometry(2, 8, 17, 19, 8, 5, 5, 2, 2, 2, 2, 2, 2, 1, 1, 8),
        ConvCases.geometry(1, 6, 10, 14, 6, 3, 3, 3, 3, 0, 0, 0, 0, 1, 1, 6),
        // few output positions: the filter gradient as one GEMM over the images' im2col matrices
        ConvCases.geometry(3, 20, 6, 7, 30, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1),
        ConvCases.geometry(2, 8, 8, 8, 12, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2, 1));
  }

  /** The geometries above that take the direct tiles forward. */
  private static final int[] DIRECT = {11, 14, 15, 16, 17, 18, 19};

  /** {@code backend}'s convolution kernels: the simd backend's own, the reference backend's own. */
  private static ConvolutionKernels conv(Backend backend) {
    return KernelResolver.of(backend).family(ConvolutionKernels.class);
  }

  private float[] run(Backend backend, ConvGeometry g) {
    ConvolutionKernels conv = conv(backend);
    TckRandom random = new TckRandom(g.c() * 31L + g.w());
    try (Volume x = backend.upload(g.inputShape(), random.uniform((int) g.inputShape().size()));
        Volume w = backend.upload(g.filterShape(), random.uniform((int) g.filterShape().size()));
        Volume bias = backend.upload(Shape.of(g.k()), random.uniform(g.k()));
        Volume dy = backend.upload(g.outputShape(), random.uniform((int) g.outputShape().size()));
        Volume y = backend.allocate(g.outputShape());
        Volume dx = backend.allocate(g.inputShape());
        Volume dw = backend.upload(g.filterShape(), random.uniform((int) g.filterShape().size()))) {
      backend.fill(y, Float.NaN);
      conv.forward(x, w, bias, y, g);
      backend.fill(dx, Float.NaN);
      conv.backwardData(dy, w, dx, g);
      conv.accumulateFilterGradient(x, dy, dw, g);
      float[] all = new float[(int) (g.outputShape().size() + g.inputShape().size() + g.filterShape().size())];
      System.arraycopy(y.toArray(), 0, all, 0, (int) g.outputShape().size());
      System.arraycopy(dx.toArray(), 0, all, (int) g.outputShape().size(), (int) g.inputShape().size());
      System.arraycopy(dw.toArray(), 0, all, (int) (g.outputShape().size() + g.inputShape().size()),
          (int) g.filterShape().size());
      return all;
    }
  }

  @Test
  void everyPathMatchesTheReference() {
    for (ConvGeometry g : geometries()) {
      VolumeAssertions.assertClose(run(reference, g), run(simd, g), 1e-4, "conv forward, dx and dw for " + g);
    }
  }

  /** A filter gradient computed by {@code accumulate(x, dy, dw)} on plain arrays. */
  private interface FilterGradient {
    void accumulate(float[] x, float[] dy, float[] dw, WorkerPool pool);
  }

  /**
   * {@code gradient} with one float of scratch per chunk, so one image at a time and the sum runs
   * over every image's chunk, against the reference backend from the same random start.
   */
  private void assertMatchesTheReferenceChunkByChunk(ConvGeometry g, long seed, FilterGradient gradient) {
    TckRandom random = new TckRandom(seed);
    float[] x = random.uniform((int) g.inputShape().size());
    float[] dy = random.uniform((int) g.outputShape().size());
    float[] dw = random.uniform((int) g.filterShape().size());
    float[] expected;
    try (Volume xv = reference.upload(g.inputShape(), x); Volume dyv = reference.upload(g.outputShape(), dy);
        Volume dwv = reference.upload(g.filterShape(), dw)) {
      conv(reference).accumulateFilterGradient(xv, dyv, dwv, g);
      expected = dwv.toArray();
    }
    try (WorkerPool pool = new WorkerPool(2)) {
      gradient.accumulate(x, dy, dw, pool);
    }
    VolumeAssertions.assertClose(expected, dw, 1e-4, "dw over chunks of one image for " + g);
  }

  @Test
  void theLayoutFilterGradientMatchesTheReferenceImageChunkByImageChunk() {
    ConvGeometry g = ConvCases.geometry(5, 6, 9, 11, 10, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 2);
    assertMatchesTheReferenceChunkByChunk(g, 11, (x, dy, dw, pool) -> new LayoutFilterGradient(
        KernelsParityTest.requireVectorKernels(), pool, new Workspace.Pool(), g, new PhaseLayout(g, g.c() / g.groups()), 1)
        .accumulate(x, 0, dy, 0, dw, 0));
  }

  @Test
  void theTapRowFilterGradientMatchesTheReferenceImageChunkByImageChunk() {
    ConvGeometry g = ConvCases.geometry(5, 3, 10, 9, 64, 5, 5, 1, 1, 2, 2, 2, 2, 1, 1, 1);
    Kernels kernels = KernelsParityTest.requireVectorKernels();
    assertEquals(true, TapRowFilterGradient.applies(kernels, g), "5 taps a row, 64 filters");
    assertMatchesTheReferenceChunkByChunk(g, 12, (x, dy, dw, pool) -> new TapRowFilterGradient(kernels, pool,
        new Workspace.Pool(), g, new PhaseLayout(g, g.c()), 1).accumulate(x, 0, dy, 0, dw, 0));
    assertEquals(false, TapRowFilterGradient.applies(kernels,
        ConvCases.geometry(1, 3, 10, 9, 32, 5, 5, 1, 1, 2, 2, 2, 2, 1, 1, 1)), "32 filters: not a whole block");
    assertEquals(false, TapRowFilterGradient.applies(kernels,
        ConvCases.geometry(1, 3, 10, 9, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1)), "3 taps a row");
  }

  @Test
  void theDirectTilesAreUsedWhereTheyPayAndNotElsewhere() {
    Kernels kernels = KernelsParityTest.requireVectorKernels();
    List<ConvGeometry> all = geometries();
    for (int i = 0; i < all.size(); i++) {
      ConvGeometry g = all.get(i);
      int index = i;
      boolean listed = java.util.Arrays.stream(DIRECT).anyMatch(d -> d == index);
      boolean pays = DirectConv.pays(kernels, g, new PhaseLayout(g, g.c() / g.groups()));
      assertEquals(listed && kernels.directPositions() > 0, pays, "direct tiles for geometry " + i + ": " + g);
    }
    ConvGeometry turned = ConvCases.geometry(2, 16, 10, 14, 32, 5, 5, 1, 1, 2, 2, 2, 2, 1, 1, 1);
    assertEquals(kernels.directPositions() > 0, DirectConv.pays(kernels, turned, new PhaseLayout(turned, 16)),
        "the last geometry's input gradient, turned round");
  }

  @Test
  void stride1RowsShareTheirSidePadding() {
    ConvGeometry g = ConvCases.geometry(1, 2, 14, 14, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1);
    assertEquals(15, new PhaseLayout(g, 2).rowLength(), "3x3 pad 1 on 14 wide: 15 columns, not 16");
    ConvGeometry asymmetric = ConvCases.geometry(1, 2, 9, 10, 4, 3, 3, 1, 1, 0, 0, 0, 2, 1, 1, 1);
    assertEquals(12, new PhaseLayout(asymmetric, 2).rowLength(), "pads 0 left, 2 right: 12 columns");
    ConvGeometry strided = ConvCases.geometry(1, 2, 9, 10, 4, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1);
    assertEquals(6, new PhaseLayout(strided, 2).rowLength(), "stride 2 keeps its phases: 12 padded columns / 2");
  }

  @Test
  void thePhaseLayoutIsUsedWhereItPaysAndNotElsewhere() {
    List<ConvGeometry> g = geometries();
    assertEquals(true, new PhaseLayout(g.get(0), g.get(0).c()).pays(), "30 wide, pad 1: 32 columns for 30");
    assertEquals(true, new PhaseLayout(g.get(1), g.get(1).c()).pays(), "stride 4: 27 columns for 25");
    assertEquals(false, new PhaseLayout(g.get(4), 2).pays(), "4 wide, 7x7, pad 3: 7 columns for 4");
    assertEquals(false, new PhaseLayout(g.get(5), 3).pays(), "5x5, stride 2 on 7 padded columns: 4 for 2");
    assertEquals(true, new PhaseLayout(g.get(11), 8).pays(), "LeNet's 14x14, 5x5, pad 2: 16 columns for 14");
  }
}
