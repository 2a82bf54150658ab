package dev.convoy.app.train;

import dev.convoy.api.Shape;
import dev.convoy.runtime.LabelledBatches;

/**
 * Batches that tell an observer about each one before it is used: for a progress bar, or a check of
 * the values going in.
 */
public record WatchedBatches(LabelledBatches batches, Observer observer) implements LabelledBatches {

  /** Hears of batch {@code index} (from 1) of {@code total}, with its images. */
  @FunctionalInterface
  public interface Observer {
    void batch(int index, int total, float[] images, int imageValues);
  }

  @Override
  public Shape itemShape() {
    return batches.itemShape();
  }

  @Override
  public int size() {
    return batches.size();
  }

  @Override
  public int batchSize() {
    return batches.batchSize();
  }

  @Override
  public void forEach(int epoch, BatchSink sink) {
    int total = (size() + batchSize() - 1) / batchSize();
    int perImage = itemShape().intSize();
    int[] index = {0};
    batches.forEach(epoch, (images, labels, count) -> {
      observer.batch(++index[0], total, images, count * perImage);
      sink.accept(images, labels, count);
    });
  }
}
