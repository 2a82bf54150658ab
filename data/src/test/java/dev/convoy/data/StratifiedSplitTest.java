package dev.convoy.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.ConvoyException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StratifiedSplitTest {
  /** Images whose single pixel is their index, so parts can be traced back. */
  private static Dataset numbered(int[] labels, int classes) {
    byte[] pixels = new byte[labels.length];
    for (int i = 0; i < labels.length; i++) {
      pixels[i] = (byte) i;
    }
    return new Dataset("all", 1, 1, 1, pixels, labels, ClassNames.digits(classes));
  }

  private static Set<Integer> ids(Dataset d) {
    Set<Integer> ids = new HashSet<>();
    for (int i = 0; i < d.size(); i++) {
      ids.add(d.rawPixel(i, 0));
    }
    return ids;
  }

  @Test
  void holdsBackAboutATenthOfEveryClassDisjointly() {
    int[] labels = new int[100 + 20 + 3];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i < 100 ? 0 : i < 120 ? 1 : 2;
    }
    Dataset all = numbered(labels, 3);
    TrainTestSplit split = StratifiedSplit.split(all, 0.1, 5);
    assertArrayEquals(new int[] {10, 2, 1}, split.test().labelCounts());
    assertArrayEquals(new int[] {90, 18, 2}, split.train().labelCounts());
    Set<Integer> train = ids(split.train());
    Set<Integer> test = ids(split.test());
    assertEquals(123, train.size() + test.size());
    train.retainAll(test);
    assertTrue(train.isEmpty());
    for (int i = 0; i < split.test().size(); i++) {
      assertEquals(labels[split.test().rawPixel(i, 0)], split.test().label(i));
    }
  }

  @Test
  void seededAndSeedDependent() {
    int[] labels = new int[200];
    Dataset all = numbered(labels, 1);
    assertEquals(ids(StratifiedSplit.split(all, 0.1, 1).test()), ids(StratifiedSplit.split(all, 0.1, 1).test()));
    assertFalse(ids(StratifiedSplit.split(all, 0.1, 1).test())
        .equals(ids(StratifiedSplit.split(all, 0.1, 2).test())));
  }

  @Test
  void tooFewImagesIsExplained() {
    Dataset all = numbered(new int[] {0, 1}, 2);
    ConvoyException e = assertThrows(ConvoyException.class, () -> StratifiedSplit.split(all, 0.1, 0));
    assertTrue(e.getMessage().contains("too few images"), e.getMessage());
    assertEquals(List.of("0", "1"), all.classNames());
  }
}
