package dev.convoy.data;

import dev.convoy.api.ConvoyException;

/**
 * One mini-batch: {@code size} images as {@code size * C * H * W} floats in NCHW order
 * (normalized and augmented) and their class indices as floats, the form a labels
 * {@link dev.convoy.api.Volume} of shape {@code [N]} takes. The arrays hold exactly this batch.
 * A {@link BatchIterator} reuses the arrays of full batches: a batch is valid until the next call
 * to {@code next()}; {@link #copy()} one to keep it.
 */
public record Batch(float[] images, float[] labels, int size) {
  public Batch {
    if (size < 1 || labels.length != size || images.length % size != 0) {
      throw new ConvoyException("a batch of " + size + " images needs " + size
          + " labels and a multiple of " + size + " pixel values, got " + labels.length
          + " labels and " + images.length + " values");
    }
  }

  /** A batch with its own copies of the arrays. */
  public Batch copy() {
    return new Batch(images.clone(), labels.clone(), size);
  }
}
