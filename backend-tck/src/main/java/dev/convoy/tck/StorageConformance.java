package dev.convoy.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import org.junit.jupiter.api.Test;

/** Allocation, upload/download, reshape views, copy, fill and the closed-volume rule. */
abstract class StorageConformance extends ConformanceCase {

  @Test
  void allocateGivesZerosOfTheRequestedShape() {
    try (Volume v = backend.allocate(Shape.nchw(2, 3, 4, 5))) {
      assertEquals(Shape.nchw(2, 3, 4, 5), v.shape());
      assertSame(backend, v.backend(), "a volume must name the backend that owns it");
      assertArrayEquals(new float[120], v.toArray(), "allocate must zero-fill");
    }
  }

  @Test
  void allocateForOverwriteGivesAWritableVolumeOfTheShapeEvenWhereStorageIsReused() {
    Shape big = Shape.of(512, 1024); // big enough that a recycling backend keeps its storage
    for (int round = 0; round < 2; round++) {
      try (Volume v = backend.allocateForOverwrite(big)) {
        assertEquals(big, v.shape());
        assertSame(backend, v.backend(), "a volume must name the backend that owns it");
        backend.fill(v, Float.NaN); // what a later round may find: unspecified, not necessarily zero
        float[] values = new TckRandom(round).uniform(big.intSize());
        v.write(values);
        VolumeAssertions.assertExactly(values, v.toArray(), "write into an allocateForOverwrite volume");
      }
    }
    try (Volume v = backend.allocate(big)) {
      assertArrayEquals(new float[big.intSize()], v.toArray(), "allocate still zero-fills after reused storage");
    }
  }

  @Test
  void uploadAndToArrayRoundTripEveryFloatExactly() {
    float[] values = {0f, -0f, 1f, -1.5f, Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE,
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 1e-38f, 3.1415927f};
    try (Volume v = backend.upload(Shape.of(3, 4), values)) {
      VolumeAssertions.assertExactly(values, v.toArray(), "upload then toArray");
    }
    float[] random = new TckRandom(1).uniform(1000);
    try (Volume v = backend.upload(Shape.of(10, 100), random)) {
      VolumeAssertions.assertExactly(random, v.toArray(), "upload then toArray of 1000 random values");
    }
  }

  @Test
  void toArrayIsACopyAndUploadCopiesItsInput() {
    float[] values = {1, 2, 3};
    try (Volume v = backend.upload(Shape.of(3), values)) {
      values[0] = 99;
      float[] out = v.toArray();
      assertEquals(1f, out[0], "upload must copy the array, not keep it");
      out[1] = 99;
      assertEquals(2f, v.toArray()[1], "toArray must return a copy");
    }
  }

  @Test
  void writeOverwritesAndChecksTheLength() {
    try (Volume v = backend.allocate(Shape.of(2, 2))) {
      v.write(new float[] {4, 3, 2, 1});
      assertArrayEquals(new float[] {4, 3, 2, 1}, v.toArray());
      assertThrows(ShapeException.class, () -> v.write(new float[3]), "write of 3 values into 4");
    }
  }

  @Test
  void reshapeSharesStorageBothWays() {
    try (Volume v = backend.upload(Shape.nchw(1, 2, 2, 3), new TckRandom(2).uniform(12))) {
      Volume view = v.reshape(Shape.of(3, 4));
      assertEquals(Shape.of(3, 4), view.shape());
      assertArrayEquals(v.toArray(), view.toArray(), "a view shows the same values");
      view.write(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
      assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, v.toArray(),
          "a write through the view must show in the source");
      backend.fill(v, 7f);
      assertArrayEquals(v.toArray(), view.toArray(), "a kernel on the source must show in the view");
      backend.scale(view, 2f);
      assertEquals(14f, v.toArray()[11], "a kernel on the view must show in the source");
    }
  }

  @Test
  void reshapeToAnotherSizeFails() {
    try (Volume v = backend.allocate(Shape.of(2, 3))) {
      assertThrows(ShapeException.class, () -> v.reshape(Shape.of(7)));
    }
  }

  @Test
  void copyAndFill() {
    float[] values = new TckRandom(3).uniform(6);
    try (VolumeScope s = new VolumeScope(backend)) {
      Volume src = s.upload(Shape.of(2, 3), values);
      Volume dst = s.filled(Shape.of(6), Float.NaN);
      backend.copy(src, dst);
      VolumeAssertions.assertExactly(values, dst.toArray(), "copy between shapes of the same size");
      backend.fill(dst, -2.5f);
      assertArrayEquals(new float[] {-2.5f, -2.5f, -2.5f, -2.5f, -2.5f, -2.5f}, dst.toArray(), "fill");
      VolumeAssertions.assertExactly(values, src.toArray(), "copy must leave its source alone");
      assertThrows(ShapeException.class, () -> backend.copy(src, s.allocate(Shape.of(5))), "copy 6 into 5");
    }
  }

  @Test
  void fillWritesEveryValueExactlyEvenSpecialOnes() {
    Shape shape = Shape.nchw(2, 3, 7, 5);
    for (float value : new float[] {0f, -0f, 3.5f, Float.NaN, Float.POSITIVE_INFINITY, Float.MIN_VALUE}) {
      try (Volume v = backend.upload(shape, new TckRandom(4).uniform(shape.intSize()))) {
        backend.fill(v, value);
        float[] expected = new float[shape.intSize()];
        java.util.Arrays.fill(expected, value);
        VolumeAssertions.assertExactly(expected, v.toArray(), "fill with " + value);
      }
    }
  }

  @Test
  void copyIsExactForEveryValueThroughViewsAndAtSize() {
    float[] special = {0f, -0f, Float.NaN, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MAX_VALUE};
    // 1 << 20 values: large enough for a backend that copies in chunks or on several threads.
    float[] large = new TckRandom(5).uniform(1 << 20);
    try (VolumeScope s = new VolumeScope(backend)) {
      Volume dst = s.filled(Shape.of(2, 3), 1f);
      backend.copy(s.upload(Shape.of(6), special), dst);
      VolumeAssertions.assertExactly(special, dst.toArray(), "copy of special values");
      Volume source = s.filled(Shape.of(3, 4), 0f);
      backend.copy(s.upload(Shape.of(12), new TckRandom(6).uniform(12)), source.reshape(Shape.of(2, 6)));
      VolumeAssertions.assertExactly(new TckRandom(6).uniform(12), source.toArray(), "copy into a reshaped view");
      Volume big = s.filled(Shape.of(1024, 1024), Float.NaN);
      backend.copy(s.upload(Shape.of(1 << 20), large), big);
      VolumeAssertions.assertExactly(large, big.toArray(), "copy of 2^20 values");
    }
  }

  @Test
  void closedVolumeIsRejectedAndClosingTwiceIsHarmless() {
    Volume v = backend.upload(Shape.of(4), new float[] {1, 2, 3, 4});
    v.close();
    assertDoesNotThrow(v::close, "closing twice must be harmless");
    assertThrows(IllegalStateException.class, v::toArray, "toArray on a closed volume");
    assertThrows(IllegalStateException.class, () -> v.write(new float[4]), "write on a closed volume");
    assertThrows(IllegalStateException.class, () -> backend.fill(v, 1f), "a kernel on a closed volume");
    try (Volume other = backend.allocate(Shape.of(4))) {
      assertThrows(IllegalStateException.class, () -> backend.copy(v, other), "copy from a closed volume");
    }
  }

  @Test
  void volumesOfAnotherBackendAreRejected() {
    Backend foreign = oracle();
    try (Volume theirs = foreign.upload(Shape.of(2, 2), new float[] {1, 2, 3, 4});
        Volume ours = backend.allocate(Shape.of(2, 2))) {
      ConvoyException e = assertThrows(ConvoyException.class, () -> backend.copy(theirs, ours),
          "a volume made by another backend instance must be rejected, not misread");
      assertEquals(true, e.getMessage() != null && !e.getMessage().isBlank(), "the error must say what is wrong");
    }
  }

  @Test
  void hasALowerCaseName() {
    assertEquals(true, backend.name() != null && !backend.name().isBlank(), "a backend needs a name");
    assertEquals(backend.name().toLowerCase(java.util.Locale.ROOT), backend.name(), "names are lower case");
  }
}
