package dev.convoy.backends.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvGeometry;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.Activation;
import dev.convoy.api.kernels.ActivationKernels;
import dev.convoy.api.kernels.ConvolutionKernels;
import dev.convoy.api.kernels.FusedConvolutionKernels;
import dev.convoy.api.support.ArrayVolume;
import dev.convoy.tck.ConvCases;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fused convolution equals the unfused sequence bit for bit (convolution with bias, then
 * {@code axpy} of the residual, then the activation in place) on every forward path of {@link
 * SimdConv}, each applying the epilogue at its own grain: direct tiles by output row, the phase
 * layout by copied run, the GEMM paths by filter strip.
 */
class SimdFusedConvolutionTest {
  private final Backend simd = new SimdBackendProvider().create();
  private final ConvolutionKernels conv = simd.nativeFamily(ConvolutionKernels.class).orElseThrow();
  private final FusedConvolutionKernels fused = simd.nativeFamily(FusedConvolutionKernels.class).orElseThrow();
  private final ActivationKernels activations = simd.nativeFamily(ActivationKernels.class).orElseThrow();

  @AfterEach
  void close() {
    simd.close();
  }

  private static List<ConvGeometry> geometries() {
    return List.of(
        // n, c, h, w, k, kh, kw, sh, sw, pt, pl, pb, pr, dh, dw, groups
        ConvCases.geometry(3, 8, 14, 14, 64, 5, 5, 1, 1, 2, 2, 2, 2, 1, 1, 1), // direct tiles by tap rows
        ConvCases.geometry(1, 16, 12, 28, 32, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1), // direct tiles, one image in strips
        ConvCases.geometry(2, 5, 17, 30, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1), // phase layout
        ConvCases.geometry(2, 8, 60, 64, 70, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1), // phase layout, several chunks
        ConvCases.geometry(2, 6, 7, 4, 12, 7, 7, 1, 1, 3, 3, 3, 3, 1, 1, 3), // explicit im2col, groups
        ConvCases.geometry(2, 3, 9, 5, 5, 5, 5, 2, 2, 1, 1, 1, 1, 1, 1, 1), // packed im2col, strided
        ConvCases.geometry(3, 40, 9, 11, 20, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1), // 1x1 straight to GEMM
        ConvCases.geometry(1, 4, 20, 26, 24, 3, 3, 2, 2, 1, 2, 0, 1, 1, 1, 1), // one image in column strips
        ConvCases.geometry(1, 8, 5, 5, 100, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1), // one image, filters split: phases
        ConvCases.geometry(1, 40, 6, 6, 98, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 2), // one image, filters split: 1x1
        ConvCases.geometry(2, 12, 9, 11, 12, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 12)); // depthwise, by planes
  }

  private static final List<Activation> ACTIVATIONS = Arrays.asList(null, Activation.RELU,
      new Activation.LeakyRelu(0.1f), new Activation.Clip(0f, 0.5f), new Activation.Sigmoid(), new Activation.Tanh());

  private static float[] random(long seed, long n) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] v = new float[(int) n];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return v;
  }

  @Test
  void fusedEqualsConvThenResidualThenActivationOnEveryPath() {
    for (ConvGeometry g : geometries()) {
      try (Volume x = simd.upload(g.inputShape(), random(1, g.inputShape().size()));
          Volume w = simd.upload(g.filterShape(), random(2, g.filterShape().size()));
          Volume bias = simd.upload(Shape.of(g.k()), random(3, g.k()));
          Volume residual = simd.upload(g.outputShape(), random(4, g.outputShape().size()));
          Volume expected = simd.allocate(g.outputShape());
          Volume actual = simd.allocate(g.outputShape())) {
        for (Activation f : ACTIVATIONS) {
          for (Volume r : Arrays.asList(null, residual)) {
            for (Volume b : Arrays.asList(bias, null)) {
              conv.forward(x, w, b, expected, g);
              if (r != null) {
                simd.axpy(1f, r, expected);
              }
              if (f != null) {
                activations.forward(f, expected, expected);
              }
              simd.fill(actual, Float.NaN);
              fused.forward(x, w, b, r, f, actual, g);
              assertArrayEquals(expected.toArray(), actual.toArray(), "fused " + f + (r == null ? "" : " + residual")
                  + (b == null ? ", no bias" : "") + " for " + g);
            }
          }
        }
      }
    }
  }

  /**
   * Filters are packed once and kept (the family's filters are constants), yet a filter array a
   * closed volume gave back and a new volume got again is packed afresh, on both forward paths.
   */
  @Test
  void keptFilterPacksFollowTheArrayIntoItsNextVolume() {
    // 64 filters of 128 x 3 x 3: 73,728 floats, large enough to be recycled.
    for (ConvGeometry g : List.of(ConvCases.geometry(1, 128, 6, 6, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1),
        ConvCases.geometry(1, 128, 14, 14, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1))) {
      java.util.Set<float[]> arrays = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
      boolean reused = false;
      try (Volume x = simd.upload(g.inputShape(), random(1, g.inputShape().size()));
          Volume expected = simd.allocate(g.outputShape());
          Volume actual = simd.allocate(g.outputShape())) {
        for (long seed = 10; seed < 13; seed++) {
          Volume w = simd.allocateForOverwrite(g.filterShape());
          w.write(random(seed, g.filterShape().size()));
          reused |= !arrays.add(((ArrayVolume) w).array());
          conv.forward(x, w, null, expected, g);
          fused.forward(x, w, null, null, null, actual, g);
          fused.forward(x, w, null, null, null, actual, g); // from the kept pack
          assertArrayEquals(expected.toArray(), actual.toArray(), "filters of seed " + seed + " for " + g);
          w.close();
        }
        assertTrue(reused, "a closed filter volume's array was handed to the next one");
      }
    }
  }

  @Test
  void theResidualMustNotBeTheOutput() {
    ConvGeometry g = geometries().get(6);
    try (Volume x = simd.allocate(g.inputShape()); Volume w = simd.allocate(g.filterShape());
        Volume y = simd.allocate(g.outputShape())) {
      assertThrows(ConvoyException.class, () -> fused.forward(x, w, null, y, Activation.RELU, y, g));
    }
  }
}
