package dev.convoy.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.convoy.api.ConvoyException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class BatcherTest {
  /** 23 images of 1x2x2 whose first pixel encodes the index, labels i % 4. */
  private static Dataset indexed(int count) {
    byte[] pixels = new byte[count * 4];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      pixels[i * 4] = (byte) i;
      pixels[i * 4 + 3] = (byte) (255 - i);
      labels[i] = i % 4;
    }
    return new Dataset("indexed", 1, 2, 2, pixels, labels, ClassNames.digits(4));
  }

  private static Batcher batcher(Dataset d, int batch, boolean shuffle, long seed, Augmentation a) {
    return new Batcher(d, batch, shuffle, seed, Normalization.identity(1), a);
  }

  /** Image indices in visiting order, read back from the batches' pixels. */
  private static List<Integer> visited(Batcher b, int epoch) {
    List<Integer> seen = new ArrayList<>();
    BatchIterator it = b.epoch(epoch);
    while (it.hasNext()) {
      Batch batch = it.next();
      for (int j = 0; j < batch.size(); j++) {
        int index = Math.round(batch.images()[j * 4] * 255);
        seen.add(index);
        assertEquals(index % 4, batch.labels()[j], 0f, "label travels with its image");
        assertEquals((255 - index) / 255f, batch.images()[j * 4 + 3], 1e-6f);
      }
    }
    return seen;
  }

  @Test
  void everyImageExactlyOncePerEpochWithPartialLastBatch() {
    Batcher b = batcher(indexed(23), 5, true, 1, Augmentation.none());
    assertEquals(5, b.batchesPerEpoch());
    List<Integer> sizes = new ArrayList<>();
    b.epoch(0).forEachRemaining(batch -> {
      sizes.add(batch.size());
      assertEquals(batch.size() * 4, batch.images().length);
      assertEquals(batch.size(), batch.labels().length);
    });
    assertEquals(List.of(5, 5, 5, 5, 3), sizes);
    for (int epoch = 0; epoch < 3; epoch++) {
      List<Integer> seen = visited(b, epoch);
      int[] sorted = seen.stream().mapToInt(Integer::intValue).sorted().toArray();
      int[] all = new int[23];
      Arrays.setAll(all, i -> i);
      assertArrayEquals(all, sorted, "epoch " + epoch);
    }
  }

  @Test
  void sameSeedAndEpochSameOrderOtherEpochOrSeedOtherOrder() {
    Dataset d = indexed(40);
    Batcher b = batcher(d, 7, true, 42, Augmentation.none());
    assertEquals(visited(b, 3), visited(batcher(d, 7, true, 42, Augmentation.none()), 3));
    assertNotEquals(visited(b, 3), visited(b, 4));
    assertNotEquals(visited(b, 3), visited(batcher(d, 7, true, 43, Augmentation.none()), 3));
    assertArrayEquals(b.order(5), b.order(5));
  }

  @Test
  void withoutShuffleTheOrderIsTheDatasetOrder() {
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      expected.add(i);
    }
    assertEquals(expected, visited(Batcher.inOrder(indexed(23), 4, Normalization.identity(1)), 9));
  }

  @Test
  void augmentationIsReproducibleAndIndependentOfBatchSize() {
    Dataset d = TestFiles.dataset(30, 3, 5, 5, 3);
    Augmentation a = Augmentation.of(2, true);
    Normalization n = Normalization.fit(d);
    float[] first = concatenated(new Batcher(d, 4, false, 11, n, a), 2);
    float[] again = concatenated(new Batcher(d, 4, false, 11, n, a), 2);
    float[] otherBatch = concatenated(new Batcher(d, 7, false, 11, n, a), 2);
    float[] nextEpoch = concatenated(new Batcher(d, 4, false, 11, n, a), 3);
    float[] plain = concatenated(new Batcher(d, 4, false, 11, n, Augmentation.none()), 2);
    assertArrayEquals(first, again);
    assertArrayEquals(first, otherBatch);
    assertFalse(Arrays.equals(first, nextEpoch));
    assertFalse(Arrays.equals(first, plain));
  }

  @Test
  void normalizationIsApplied() {
    Dataset d = indexed(3);
    Normalization n = Normalization.of(new float[] {0.5f}, new float[] {0.25f});
    Batch batch = Batcher.inOrder(d, 3, n).epoch(0).next();
    assertEquals((0 / 255f - 0.5f) / 0.25f, batch.images()[0], 1e-6f);
    assertEquals((2 / 255f - 0.5f) / 0.25f, batch.images()[8], 1e-6f);
  }

  @Test
  void fullBatchesReuseTheirArrays() {
    BatchIterator it = batcher(indexed(10), 4, true, 0, Augmentation.none()).epoch(0);
    Batch a = it.next();
    Batch copy = a.copy();
    Batch b = it.next();
    Batch last = it.next();
    assertSame(a.images(), b.images());
    assertEquals(2, last.size());
    assertFalse(Arrays.equals(copy.images(), b.images()), "the copy keeps the first batch");
    assertFalse(it.hasNext());
    assertThrows(NoSuchElementException.class, it::next);
  }

  @Test
  void invalidSettingsAreRejected() {
    Dataset d = indexed(3);
    assertThrows(ConvoyException.class, () -> batcher(d, 0, true, 0, Augmentation.none()));
    assertThrows(ConvoyException.class,
        () -> new Batcher(d, 2, true, 0, Normalization.identity(3), Augmentation.none()));
  }

  private static float[] concatenated(Batcher b, int epoch) {
    float[] all = new float[b.dataset().size() * b.dataset().imageSize()];
    int offset = 0;
    for (BatchIterator it = b.epoch(epoch); it.hasNext(); ) {
      Batch batch = it.next();
      System.arraycopy(batch.images(), 0, all, offset, batch.images().length);
      offset += batch.images().length;
    }
    return all;
  }
}
