package dev.convoy.data;

import dev.convoy.api.ConvoyException;
import java.util.SplittableRandom;

/**
 * Cuts a dataset into mini-batches, epoch by epoch. With shuffling, each epoch visits the images
 * in a new order; the order and the augmentation of every image depend only on (seed, epoch), so
 * a run resumed at epoch {@code e} sees exactly what it would have seen. Every image is in exactly
 * one batch per epoch; the last batch is smaller when the batch size does not divide the dataset.
 */
public final class Batcher {
  private static final long SHUFFLE_SALT = 0x5348554646L;
  private static final long AUGMENT_SALT = 0x4155474DL;

  private final Dataset dataset;
  private final int batchSize;
  private final boolean shuffle;
  private final long seed;
  private final Normalization normalization;
  private final Augmentation augmentation;

  public Batcher(
      Dataset dataset, int batchSize, boolean shuffle, long seed,
      Normalization normalization, Augmentation augmentation) {
    if (batchSize < 1) {
      throw new ConvoyException("batch size must be at least 1, got " + batchSize);
    }
    if (dataset.size() == 0) {
      throw new ConvoyException(dataset.name() + " holds no images; there is nothing to batch");
    }
    if (normalization.channels() != dataset.channels()) {
      throw new ConvoyException("normalization has " + normalization.channels()
          + " channels but " + dataset.name() + " has " + dataset.channels()
          + "; fit it on this dataset or one with the same channels");
    }
    long batchValues = (long) Math.min(batchSize, dataset.size()) * dataset.imageSize();
    if (batchValues > DataFile.MAX_ARRAY) {
      throw new ConvoyException("a batch of " + batchSize + " images of " + dataset.imageSize()
          + " values is too large for one array; use a smaller batch size");
    }
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.seed = seed;
    this.normalization = normalization;
    this.augmentation = augmentation;
  }

  /** In dataset order, without augmentation: for evaluation. */
  public static Batcher inOrder(Dataset dataset, int batchSize, Normalization normalization) {
    return new Batcher(dataset, batchSize, false, 0, normalization, Augmentation.none());
  }

  public Dataset dataset() {
    return dataset;
  }

  public int batchSize() {
    return batchSize;
  }

  /** Batches per epoch, the last one possibly partial. */
  public int batchesPerEpoch() {
    return (dataset.size() + batchSize - 1) / batchSize;
  }

  /** The batches of epoch {@code epoch} (any int, 0 or 1 based as the caller likes). */
  public BatchIterator epoch(int epoch) {
    return new BatchIterator(this, epoch, order(epoch));
  }

  /** The image indices in the order epoch {@code epoch} visits them. */
  public int[] order(int epoch) {
    int[] order = new int[dataset.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    if (shuffle) {
      SplittableRandom random = new SplittableRandom(Seeds.derive(seed, SHUFFLE_SALT, epoch));
      for (int i = order.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    return order;
  }

  /** Writes image {@code index}, augmented and normalized, to {@code dst}; uses {@code scratch}. */
  void fill(int epoch, int index, float[] dst, int offset, float[] scratch) {
    if (augmentation.isNone()) {
      dataset.copyImage(index, dst, offset);
    } else {
      dataset.copyImage(index, scratch, 0);
      augmentation.apply(scratch, dst, offset, dataset.channels(), dataset.height(),
          dataset.width(), Seeds.derive(seed, AUGMENT_SALT, epoch, index));
    }
    normalization.apply(dst, offset, dataset.height() * dataset.width());
  }
}
