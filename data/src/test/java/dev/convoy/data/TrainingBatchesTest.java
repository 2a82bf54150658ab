package dev.convoy.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.convoy.api.Shape;
import dev.convoy.runtime.LabelledBatches;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The data module's batches as the runtime's Trainer takes them (issue #18 point 9). */
class TrainingBatchesTest {
  private static Dataset indexed(int count) {
    byte[] pixels = new byte[count * 4];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      pixels[i * 4] = (byte) i;
      labels[i] = i % 4;
    }
    return new Dataset("indexed", 1, 2, 2, pixels, labels, ClassNames.digits(4));
  }

  private static List<Float> firstPixels(LabelledBatches batches, int epoch, int skip) {
    List<Float> seen = new ArrayList<>();
    batches.forEach(epoch, skip, (images, labels, count) -> {
      for (int i = 0; i < count; i++) {
        seen.add(images[i * 4]);
      }
    });
    return seen;
  }

  @Test
  void shuffledBatchesVisitEveryImageOncePerEpochInANewOrder() {
    Dataset d = indexed(10);
    LabelledBatches train = TrainingBatches.shuffled(d, 4, 7, Normalization.identity(1));
    assertEquals(Shape.of(1, 2, 2), train.itemShape());
    assertEquals(10, train.size());
    List<Float> one = firstPixels(train, 1, 0);
    List<Float> two = firstPixels(train, 2, 0);
    assertEquals(10, one.size());
    assertEquals(one.stream().sorted().toList(), two.stream().sorted().toList());
    assertNotEquals(one, two);
    assertEquals(one.subList(8, 10), firstPixels(train, 1, 2), "skipping two batches of 4 leaves the last 2");
  }

  @Test
  void inOrderBatchesKeepTheDatasetOrder() {
    List<Float> seen = firstPixels(TrainingBatches.inOrder(indexed(5), 2, Normalization.identity(1)), 1, 0);
    assertEquals(5, seen.size());
    assertEquals(seen.stream().sorted().toList(), seen, "image i has the i-th smallest first pixel");
    assertEquals(seen, firstPixels(TrainingBatches.inOrder(indexed(5), 2, Normalization.identity(1)), 2, 0));
  }
}
