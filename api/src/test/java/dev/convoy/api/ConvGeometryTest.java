package dev.convoy.api;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConvGeometryTest {
  // n, c, h, w, k, kh, kw, strides, pads, dilations, groups, outH, outW
  private final ConvGeometry g = new ConvGeometry(2, 3, 5, 6, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 5, 6);

  @Test
  void anImageOfABatchOfItsInputsPasses() {
    assertDoesNotThrow(() -> g.requireImage(Shape.nchw(7, 3, 5, 6), 6, "im2col x"), "any batch size, its last image");
  }

  @Test
  void anotherImageShapeOrAnImageOutsideTheBatchIsNamedWithItsRole() {
    ShapeException shape = assertThrows(ShapeException.class,
        () -> g.requireImage(Shape.nchw(2, 3, 6, 5), 0, "im2col x"));
    assertTrue(shape.getMessage().startsWith("im2col x has shape"), shape.getMessage());
    assertTrue(shape.getMessage().contains("[N, 3, 5, 6]"), shape.getMessage());
    ShapeException outside = assertThrows(ShapeException.class,
        () -> g.requireImage(Shape.nchw(2, 3, 5, 6), 2, "col2im dx"));
    assertTrue(outside.getMessage().contains("image 2 is outside the batch of 2"), outside.getMessage());
    assertThrows(ShapeException.class, () -> g.requireImage(Shape.nchw(2, 3, 5, 6), -1, "col2im dx"));
    assertThrows(ShapeException.class, () -> g.requireImage(Shape.of(2, 90), 0, "im2col x"), "not rank 4");
  }
}
