package dev.convoy.backends.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvGeometry;
import dev.convoy.api.KernelFamily;
import dev.convoy.api.KernelResolver;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.KernelFamilies;
import dev.convoy.api.kernels.LocallyConnectedKernels;
import dev.convoy.tck.ConvCases;
import dev.convoy.tck.TckRandom;
import dev.convoy.tck.TestLayerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simd backend has its own kernels for every standard family but locally connected layers,
 * which the host fallback runs on its volumes.
 */
class SimdNativeFamiliesTest {
  private final Backend simd = new SimdBackendProvider().create();

  @AfterEach
  void close() {
    simd.close();
  }

  @Test
  void everyStandardFamilyButLocallyConnectedIsNative() {
    for (Class<? extends KernelFamily> family : KernelFamilies.STANDARD) {
      boolean expected = family != LocallyConnectedKernels.class;
      assertEquals(expected, simd.nativeFamily(family).isPresent(), KernelFamilies.shortName(family));
      simd.nativeFamily(family).ifPresent(f -> assertTrue(family.isInstance(f), family.getName()));
    }
    assertFalse(simd.nativeFamily(KernelFamily.class).isPresent(), "not a family of its own");
  }

  @Test
  void locallyConnectedLayersRunThroughTheHostFallback() {
    ConvGeometry g = ConvCases.geometry(2, 3, 6, 5, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1);
    Shape wShape = Shape.of(g.outH() * g.outW(), g.k(), g.c() * g.kh() * g.kw());
    float[] x = new TckRandom(1).uniform((int) g.inputShape().size());
    float[] w = new TckRandom(2).uniform((int) wShape.size());
    try (Backend reference = TestLayerContext.loadBackend("reference")) {
      assertArrayEquals(locallyConnected(reference, g, wShape, x, w), locallyConnected(simd, g, wShape, x, w));
    }
  }

  private static float[] locallyConnected(Backend backend, ConvGeometry g, Shape wShape, float[] x,
      float[] w) {
    try (Volume xv = backend.upload(g.inputShape(), x); Volume wv = backend.upload(wShape, w);
        Volume y = backend.allocate(g.outputShape())) {
      KernelResolver.of(backend).family(LocallyConnectedKernels.class).forward(xv, wv, y, g);
      return y.toArray();
    }
  }
}
