package dev.convoy.data;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The batches of one epoch of a {@link Batcher}. Full batches share one pair of arrays, so a
 * {@link Batch} is valid until the next call to {@link #next()}; the last, partial batch gets
 * arrays of its own size.
 */
public final class BatchIterator implements Iterator<Batch> {
  private final Batcher batcher;
  private final int epoch;
  private final int[] order;
  private final int imageSize;
  private final float[] scratch;
  private float[] images;
  private float[] labels;
  private int position;

  BatchIterator(Batcher batcher, int epoch, int[] order) {
    this.batcher = batcher;
    this.epoch = epoch;
    this.order = order;
    this.imageSize = batcher.dataset().imageSize();
    this.scratch = new float[imageSize];
  }

  public int epoch() {
    return epoch;
  }

  /** Number of batches in this epoch. */
  public int batches() {
    return batcher.batchesPerEpoch();
  }

  @Override
  public boolean hasNext() {
    return position < order.length;
  }

  @Override
  public Batch next() {
    if (!hasNext()) {
      throw new NoSuchElementException("epoch " + epoch + " has no more batches");
    }
    int n = Math.min(batcher.batchSize(), order.length - position);
    float[] batchImages;
    float[] batchLabels;
    if (n == batcher.batchSize()) {
      if (images == null) {
        images = new float[n * imageSize];
        labels = new float[n];
      }
      batchImages = images;
      batchLabels = labels;
    } else {
      batchImages = new float[n * imageSize];
      batchLabels = new float[n];
    }
    Dataset dataset = batcher.dataset();
    for (int j = 0; j < n; j++) {
      int index = order[position + j];
      batcher.fill(epoch, index, batchImages, j * imageSize, scratch);
      batchLabels[j] = dataset.label(index);
    }
    position += n;
    return new Batch(batchImages, batchLabels, n);
  }
}
