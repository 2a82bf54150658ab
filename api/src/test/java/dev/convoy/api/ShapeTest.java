package dev.convoy.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ShapeTest {

  @Test
  void nchwAccessorsAndTheNotesForm() {
    Shape s = Shape.nchw(8, 64, 224, 112);
    assertEquals(8 * 64 * 224 * 112, s.size());
    assertEquals(64 * 224 * 112, s.sizePerItem());
    assertEquals("112x224x64", s.toNotesString());
    assertEquals("1x1x10", Shape.of(8, 10).toNotesString());
    assertEquals(Shape.nchw(1, 64, 224, 112), s.withBatch(1));
  }

  @Test
  void sizesTooLargeForOneArrayAreNamed() {
    Shape huge = Shape.of(100_000, 100_000);
    assertEquals(10_000_000_000L, huge.size());
    assertThrows(ShapeException.class, huge::intSize);
    assertThrows(ShapeException.class, () -> Shape.of(2, -1));
  }
}
