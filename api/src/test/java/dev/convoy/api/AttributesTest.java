package dev.convoy.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import org.junit.jupiter.api.Test;

class AttributesTest {

  @Test
  void aSingleIntReadsAsAListWhereAListIsExpected() {
    Attributes a = Attributes.empty().with("kernel", 3).with("stride", 2, 1);
    assertArrayEquals(new int[] {3, 3}, a.ints("kernel", 2, 0));
    assertArrayEquals(new int[] {2, 1}, a.ints("stride", 2, 1));
    assertArrayEquals(new int[] {1, 1}, a.ints("dilation", 2, 1));
    assertEquals(3, a.getInt("kernel", 0));
  }

  @Test
  void wrongKindsAndLengthsSayWhatWasGiven() {
    Attributes a = Attributes.empty().with("kernel", 3, 3, 3).with("name", "x");
    assertEquals("attribute 'kernel' has 3 values [3, 3, 3], expected 1 or 2",
        assertThrows(ConvoyException.class, () -> a.ints("kernel", 2, 0)).getMessage());
    assertEquals("attribute 'name' is \"x\", expected an int",
        assertThrows(ConvoyException.class, () -> a.getInt("name", 0)).getMessage());
  }

  @Test
  void unknownAttributesAreNamedWithTheKnownOnes() {
    Attributes a = Attributes.empty().with("strde", 2).with("kernel", 3);
    assertEquals("conv1: unknown attribute(s) [strde] (known: [kernel, pad, stride])",
        assertThrows(ConvoyException.class, () -> a.requireOnly("conv1", Set.of("kernel", "stride", "pad")))
            .getMessage());
  }

  @Test
  void arraysAreCopiedInAndOutAndCompareByValue() {
    int[] kernel = {3, 3};
    Attributes a = Attributes.empty().with("kernel", kernel);
    kernel[0] = 5;
    assertArrayEquals(new int[] {3, 3}, (int[]) a.raw("kernel"));
    ((int[]) a.raw("kernel"))[0] = 7;
    assertEquals(Attributes.empty().with("kernel", 3, 3), a);
    assertNotEquals(Attributes.empty().with("kernel", 3, 4), a);
  }
}
