package dev.convoy.backends.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The reduction of a permutation to its fewest axes: what the transpose kernel is given. No device needed. */
class OpenClLayoutPermutationTest {

  @Test
  void nchwToNhwcKeepsTheBatchAndMergesTheImageAxes() {
    OpenClLayoutPermutation p = OpenClLayoutPermutation.reduce(new int[] {2, 3, 4, 5}, new int[] {0, 2, 3, 1});
    assertArrayEquals(new int[] {2, 3, 20}, p.xDims());
    assertArrayEquals(new int[] {0, 2, 1}, p.perm());
    assertArrayEquals(new int[] {2, 20, 3}, p.yDims());
    assertArrayEquals(new int[] {60, 1, 20}, p.steps());
  }

  @Test
  void axesOfSizeOneAreDroppedAndAnIdentityIsACopy() {
    OpenClLayoutPermutation p = OpenClLayoutPermutation.reduce(new int[] {2, 1, 3, 1, 4}, new int[] {4, 2, 0, 3, 1});
    assertArrayEquals(new int[] {2, 3, 4}, p.xDims());
    assertArrayEquals(new int[] {2, 1, 0}, p.perm());
    assertTrue(OpenClLayoutPermutation.reduce(new int[] {2, 3, 4}, new int[] {0, 1, 2}).isCopy());
    assertTrue(OpenClLayoutPermutation.reduce(new int[] {1, 5, 1}, new int[] {2, 1, 0}).isCopy(),
        "moving axes of size 1 moves no value");
    assertTrue(OpenClLayoutPermutation.reduce(new int[] {}, new int[] {}).isCopy(), "a scalar");
  }

  @Test
  void aFullReversalStaysAsManyAxes() {
    OpenClLayoutPermutation p = OpenClLayoutPermutation.reduce(new int[] {2, 3, 4, 5}, new int[] {3, 2, 1, 0});
    assertEquals(4, p.rank());
    assertArrayEquals(new int[] {5, 4, 3, 2}, p.yDims());
    assertArrayEquals(new int[] {1, 5, 20, 60}, p.steps());
  }
}
