package dev.convoy.api.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.convoy.api.ShapeException;
import org.junit.jupiter.api.Test;

class SpatialArithmeticTest {

  private static int out(int in, int f, int s, int p1, int p2, int d, Rounding r) {
    return SpatialArithmetic.outputSize("conv1", "W", in, f, s, p1, p2, d, r);
  }

  @Test
  void theNotesExamplesComeOutWhole() {
    assertEquals(55, out(227, 11, 4, 0, 0, 1, Rounding.EXACT)); // AlexNet conv1
    assertEquals(4, out(11, 5, 2, 0, 0, 1, Rounding.EXACT));    // X (11,11,4), F=5, S=2
    assertEquals(3, out(5, 3, 2, 1, 1, 1, Rounding.EXACT));     // the 5x5x3 demo
    assertEquals(224, out(224, 3, 1, 1, 1, 1, Rounding.EXACT)); // P = (F-1)/2 keeps the size
  }

  @Test
  void aFractionalSizeIsRejectedWithTheNotesArithmetic() {
    ShapeException e = assertThrows(ShapeException.class, () -> out(10, 3, 2, 0, 0, 1, Rounding.EXACT));
    assertEquals("conv1: (W - F + 2P)/S + 1 = (10 - 3 + 0)/2 + 1 = 4.5 is not an integer; change F, S or P so it"
        + " divides evenly, or set round=floor to drop the leftover as PyTorch does", e.getMessage());
  }

  @Test
  void floorAndCeilFollowPyTorch() {
    assertEquals(4, out(10, 3, 2, 0, 0, 1, Rounding.FLOOR));
    assertEquals(5, out(10, 3, 2, 0, 0, 1, Rounding.CEIL));
    assertEquals(112, out(224, 7, 2, 3, 3, 1, Rounding.FLOOR)); // ResNet conv1: 112.5 floored
    assertEquals(3, out(5, 2, 2, 0, 0, 1, Rounding.CEIL));
    // Ceil mode never starts a window in the trailing padding: (5 - 2 + 2)/2 + 1 = 3.5 would round up to 4, but the
    // fourth window would start at 6 >= in + padBefore = 6, so PyTorch (checked with torch 1.13) gives 3.
    assertEquals(3, out(5, 2, 2, 1, 1, 1, Rounding.CEIL));
  }

  @Test
  void dilationWidensTheWindowAndSaysSo() {
    assertEquals(3, out(7, 3, 1, 0, 0, 2, Rounding.EXACT)); // effective F = 5
    ShapeException e = assertThrows(ShapeException.class, () -> out(8, 3, 2, 0, 0, 2, Rounding.EXACT));
    assertEquals("conv1: (W - F + 2P)/S + 1 = (8 - 5 + 0)/2 + 1 with dilated F = 2*(3 - 1) + 1 = 2.5 is not an"
        + " integer; change F, S or P so it divides evenly, or set round=floor to drop the leftover as PyTorch does",
        e.getMessage());
  }

  @Test
  void asymmetricPaddingShowsBothSides() {
    ShapeException e = assertThrows(ShapeException.class, () -> out(10, 4, 2, 2, 1, 1, Rounding.EXACT));
    assertEquals("conv1: (W - F + P1 + P2)/S + 1 = (10 - 4 + 2 + 1)/2 + 1 = 5.5 is not an integer",
        e.getMessage().substring(0, e.getMessage().indexOf(';')));
  }

  @Test
  void aWindowLargerThanThePaddedInputIsRejected() {
    ShapeException e = assertThrows(ShapeException.class, () -> out(3, 5, 1, 0, 0, 1, Rounding.FLOOR));
    assertEquals("conv1: the 5-wide window does not fit the padded input on W: (W - F + 2P)/S + 1 = (3 - 5 + 0)/1 + 1"
        + " < 1", e.getMessage());
  }
}
