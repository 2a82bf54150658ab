package dev.convoy.backends.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Backend;
import dev.convoy.tck.CoreOnlyBackend;
import dev.convoy.tck.CoreOnlyVolume;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.HostFallback;
import dev.convoy.api.KernelFamily;
import dev.convoy.api.KernelResolver;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.Activation;
import dev.convoy.api.kernels.ActivationKernels;
import dev.convoy.api.kernels.KernelFamilies;
import dev.convoy.api.kernels.LossKernels;
import dev.convoy.api.kernels.OptimizerKernels;
import dev.convoy.tck.VolumeAssertions;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The host fallback: found as a service, offers exactly the reference's families, maps volumes per
 * call (array volumes in place, others copied and written back only when changed, one host volume
 * per distinct volume object), passes null and plain values through, and lets kernel errors out as
 * they are.
 */
class ReferenceHostFallbackTest {
  private final HostFallback fallback = new ReferenceHostFallback();

  private interface UnknownKernels extends KernelFamily {}

  private static <F extends KernelFamily> F hosted(Class<F> family, Backend backend) {
    return new ReferenceHostFallback().family(family, backend).orElseThrow();
  }

  @Test
  void isFoundByServiceLoaderAndByTheKernelResolver() {
    getClass().getModule().addUses(HostFallback.class);
    assertTrue(ServiceLoader.load(HostFallback.class).stream().anyMatch(p -> p.type() == ReferenceHostFallback.class),
        "ServiceLoader did not find the reference host fallback");
    try (Backend coreOnly = new CoreOnlyBackend()) {
      KernelResolver resolver = KernelResolver.of(coreOnly);
      assertTrue(!resolver.isNative(ActivationKernels.class));
      assertInstanceOf(ActivationKernels.class, resolver.family(ActivationKernels.class));
    }
  }

  @Test
  void offersEveryStandardFamilyAndNothingElse() {
    try (Backend coreOnly = new CoreOnlyBackend()) {
      for (Class<? extends KernelFamily> family : KernelFamilies.STANDARD) {
        assertInstanceOf(family, fallback.family(family, coreOnly).orElseThrow(), family.getSimpleName());
      }
      assertTrue(fallback.family(UnknownKernels.class, coreOnly).isEmpty(), "a family the reference does not implement");
    }
  }

  @Test
  void copiedVolumesAreWrittenBackOnlyWhenTheyChanged() {
    try (CoreOnlyBackend backend = new CoreOnlyBackend();
        Volume x = backend.upload(Shape.of(4), new float[] {-1, 2, -3, 4});
        Volume y = backend.upload(Shape.of(4), new float[] {0, 2, 0, 4})) {
      CoreOnlyVolume in = (CoreOnlyVolume) x;
      CoreOnlyVolume out = (CoreOnlyVolume) y;
      int inWrites = in.writes();
      int outWrites = out.writes();
      hosted(ActivationKernels.class, backend).forward(Activation.RELU, x, y);
      assertEquals(inWrites, in.writes(), "an input is never written back");
      assertEquals(outWrites, out.writes(), "an output whose values did not change is not written back");
      hosted(ActivationKernels.class, backend).forward(new Activation.LeakyRelu(0.5f), x, y);
      assertEquals(outWrites + 1, out.writes(), "a changed output is written back once");
      assertArrayEquals(new float[] {-0.5f, 2, -1.5f, 4}, y.toArray());
      assertArrayEquals(new float[] {-1, 2, -3, 4}, x.toArray());
    }
  }

  @Test
  void theSameVolumeObjectTwiceIsOneHostVolume() {
    float[] gradient = {1, -2, 3};
    float[] start = {0.5f, 0.25f, -1};
    float[] expected;
    try (ReferenceBackend reference = new ReferenceBackend();
        Volume g = reference.upload(Shape.of(3), gradient);
        Volume v = reference.upload(Shape.of(3), start)) {
      // velocity and value the same volume: both updates land in one place, the second reading the first
      reference.nativeFamily(OptimizerKernels.class).orElseThrow().momentumStep(0.1f, 0.9f, g, v, v);
      expected = v.toArray();
    }
    try (CoreOnlyBackend backend = new CoreOnlyBackend();
        Volume g = backend.upload(Shape.of(3), gradient);
        Volume v = backend.upload(Shape.of(3), start)) {
      hosted(OptimizerKernels.class, backend).momentumStep(0.1f, 0.9f, g, v, v);
      VolumeAssertions.assertExactly(expected, v.toArray(), "momentumStep with velocity == value through the fallback");
    }
  }

  @Test
  void arrayVolumesAreUsedInPlaceAndOthersOnlyThroughCopies() {
    // A kernel that fails half way shows the difference: on a view its first rows are already written,
    // on a copy nothing comes back.
    float[] scores = {1, 2, 3, 4, 5, 6};
    float[] badLabels = {0, 7};
    try (ReferenceBackend arrayBacked = new ReferenceBackend();
        Volume s = arrayBacked.upload(Shape.of(2, 3), scores);
        Volume l = arrayBacked.upload(Shape.of(2), badLabels);
        Volume loss = arrayBacked.upload(Shape.of(1), new float[] {Float.NaN});
        Volume d = arrayBacked.upload(Shape.of(2, 3), new float[] {9, 9, 9, 9, 9, 9})) {
      LossKernels losses = hosted(LossKernels.class, arrayBacked);
      assertThrows(ConvoyException.class, () -> losses.softmaxCrossEntropy(s, l, loss, d));
      assertNotEquals(9f, d.toArray()[0], "row 0 of an array volume's gradient is written in place before row 1 fails");
    }
    try (CoreOnlyBackend copied = new CoreOnlyBackend();
        Volume s = copied.upload(Shape.of(2, 3), scores);
        Volume l = copied.upload(Shape.of(2), badLabels);
        Volume loss = copied.upload(Shape.of(1), new float[] {Float.NaN});
        Volume d = copied.upload(Shape.of(2, 3), new float[] {9, 9, 9, 9, 9, 9})) {
      LossKernels losses = hosted(LossKernels.class, copied);
      assertThrows(ConvoyException.class, () -> losses.softmaxCrossEntropy(s, l, loss, d));
      assertArrayEquals(new float[] {9, 9, 9, 9, 9, 9}, d.toArray(), "a failed call writes nothing back to a copy");
    }
  }

  @Test
  void nullAndPlainArgumentsPassThroughAndErrorsComeOutAsTheyAre() {
    try (CoreOnlyBackend backend = new CoreOnlyBackend();
        Volume y = backend.upload(Shape.of(3), new float[] {0, 1, 2});
        Volume dy = backend.upload(Shape.of(3), new float[] {5, 6, 7});
        Volume dx = backend.allocate(Shape.of(3))) {
      hosted(ActivationKernels.class, backend).backward(Activation.RELU, null, y, dy, dx);
      assertArrayEquals(new float[] {0, 6, 7}, dx.toArray(), "relu backward from y, with x null");
      try (Volume scores = backend.allocate(Shape.of(2, 3));
          Volume labels = backend.upload(Shape.of(2), new float[] {0, 9});
          Volume loss = backend.allocate(Shape.of(1))) {
        ConvoyException e = assertThrows(ConvoyException.class,
            () -> hosted(LossKernels.class, backend).softmaxCrossEntropy(scores, labels, loss, null));
        assertTrue(e.getMessage().contains("label 9.0 of row 1"), e.getMessage());
      }
    }
  }

  @Test
  void volumesOfAnotherBackendAreRejected() {
    try (CoreOnlyBackend backend = new CoreOnlyBackend();
        CoreOnlyBackend other = new CoreOnlyBackend();
        Volume theirs = other.allocate(Shape.of(2));
        Volume ours = backend.allocate(Shape.of(2))) {
      ConvoyException e = assertThrows(ConvoyException.class,
          () -> hosted(ActivationKernels.class, backend).forward(Activation.RELU, theirs, ours));
      assertTrue(e.getMessage().contains("ActivationKernels.forward argument 1"), e.getMessage());
    }
  }

  @Test
  void theProxySaysWhatItIs() {
    try (CoreOnlyBackend backend = new CoreOnlyBackend()) {
      ActivationKernels kernels = hosted(ActivationKernels.class, backend);
      assertTrue(kernels.toString().contains("ActivationKernels of backend 'core-only' on the host"), kernels.toString());
      assertEquals(kernels, kernels);
      assertEquals(System.identityHashCode(kernels), kernels.hashCode());
    }
  }
}
