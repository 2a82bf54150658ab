package dev.convoy.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.ConvoyException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AugmentationTest {
  // Two channels of 3x3: channel 0 is 1..9, channel 1 is 11..19.
  private static final float[] IMAGE = {
    1, 2, 3, 4, 5, 6, 7, 8, 9,
    11, 12, 13, 14, 15, 16, 17, 18, 19};

  @Test
  void flipMirrorsEachRow() {
    float[] out = transform(0, 0, true);
    assertArrayEquals(new float[] {
      3, 2, 1, 6, 5, 4, 9, 8, 7,
      13, 12, 11, 16, 15, 14, 19, 18, 17}, out);
  }

  @Test
  void cropShiftedRightAndDownFillsWithZeros() {
    // Crop at (2, 2) of the image padded by 1: the window moves one pixel right and down.
    float[] out = transform(1, 1, false);
    assertArrayEquals(new float[] {
      5, 6, 0, 8, 9, 0, 0, 0, 0,
      15, 16, 0, 18, 19, 0, 0, 0, 0}, out);
  }

  @Test
  void cropShiftedLeftAndUpThenFlipped() {
    float[] out = transform(-1, -1, true);
    // Shifted: [0 0 0; 0 1 2; 0 4 5], then mirrored.
    assertArrayEquals(new float[] {
      0, 0, 0, 2, 1, 0, 5, 4, 0,
      0, 0, 0, 12, 11, 0, 15, 14, 0}, out);
  }

  @Test
  void writesAtTheOffsetOnly() {
    float[] dst = new float[IMAGE.length + 2];
    dst[0] = -7;
    dst[dst.length - 1] = -7;
    Augmentation.transform(IMAGE, dst, 1, 2, 3, 3, 0, 0, false);
    assertEquals(-7, dst[0]);
    assertEquals(1, dst[1]);
    assertEquals(19, dst[IMAGE.length]);
    assertEquals(-7, dst[dst.length - 1]);
  }

  @Test
  void randomBitsReachEveryOffsetAndBothFlipsAndAreDeterministic() {
    Augmentation a = Augmentation.of(2, true);
    Set<String> seen = new HashSet<>();
    for (long i = 0; i < 2000; i++) {
      long bits = Seeds.derive(99, i);
      float[] once = new float[IMAGE.length];
      float[] twice = new float[IMAGE.length];
      a.apply(IMAGE, once, 0, 2, 3, 3, bits);
      a.apply(IMAGE, twice, 0, 2, 3, 3, bits);
      assertArrayEquals(once, twice);
      seen.add(java.util.Arrays.toString(once));
    }
    // 5 x 5 offsets x 2 flips, all distinct on this image.
    assertEquals(50, seen.size());
  }

  @Test
  void noneAndValidation() {
    assertSame(Augmentation.none(), Augmentation.of(0, false));
    assertTrue(Augmentation.none().isNone());
    float[] out = new float[IMAGE.length];
    Augmentation.of(0, false).apply(IMAGE, out, 0, 2, 3, 3, 12345L);
    assertArrayEquals(IMAGE, out);
    assertThrows(ConvoyException.class, () -> Augmentation.of(-1, false));
  }

  private static float[] transform(int shiftX, int shiftY, boolean mirror) {
    float[] out = new float[IMAGE.length];
    java.util.Arrays.fill(out, Float.NaN);
    Augmentation.transform(IMAGE, out, 0, 2, 3, 3, shiftX, shiftY, mirror);
    return out;
  }
}
