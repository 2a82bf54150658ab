package dev.convoy.backends.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Large volumes reuse the arrays of closed ones, and a reused array looks exactly like a new one. */
class ArrayRecyclingTest {
  private final SimdBackend backend = (SimdBackend) new SimdBackendProvider().create();

  @Test
  void aClosedLargeVolumesArrayComesBackZeroed() {
    Shape large = Shape.of(2, ArrayRecycling.MIN_FLOATS);
    Volume first = backend.allocate(large);
    backend.fill(first, 7f);
    Volume view = first.reshape(Shape.of(ArrayRecycling.MIN_FLOATS, 2));
    first.close();
    first.close(); // closing twice gives the array back once
    assertEquals(large.size(), backend.arrays().keptFloats());
    assertThrows(IllegalStateException.class, view::toArray, "a view of a closed volume stays unusable");
    try (Volume second = backend.allocate(large)) {
      assertEquals(0, backend.arrays().keptFloats(), "the kept array was handed out again");
      float[] values = second.toArray();
      assertEquals(0, Arrays.stream(toDoubles(values)).filter(v -> v != 0).count(), "a new volume is all zeros");
    }
    backend.close();
  }

  @Test
  void smallVolumesAndTooManyArraysAreLeftToTheGarbageCollector() {
    backend.allocate(Shape.of(ArrayRecycling.MIN_FLOATS - 1)).close();
    assertEquals(0, backend.arrays().keptFloats(), "small arrays are not kept");
    int each = (int) (ArrayRecycling.MAX_KEPT_FLOATS / 3);
    Volume a = backend.allocate(Shape.of(each));
    Volume b = backend.allocate(Shape.of(each));
    Volume c = backend.allocate(Shape.of(each));
    Volume d = backend.allocate(Shape.of(each));
    a.close();
    b.close();
    c.close();
    d.close();
    assertEquals(3L * each, backend.arrays().keptFloats(), "no more than the bound is kept");
    backend.close();
    assertEquals(0, backend.arrays().keptFloats(), "closing the backend lets them go");
  }

  private static double[] toDoubles(float[] values) {
    double[] d = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      d[i] = values[i];
    }
    return d;
  }
}
