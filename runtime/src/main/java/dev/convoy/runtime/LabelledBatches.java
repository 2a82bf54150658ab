package dev.convoy.runtime;

import dev.convoy.api.Shape;

/**
 * Labelled images in mini-batches, as the {@link Trainer} consumes them; the {@code data} module's
 * readers are adapted to it by the application, so the runtime knows no file format.
 */
public interface LabelledBatches {

  /** One image's shape, {@code [C, H, W]}. */
  Shape itemShape();

  /** Number of images. */
  int size();

  int batchSize();

  /**
   * Calls {@code sink} once per batch of {@code epoch}, in order; the arrays may be reused between
   * calls, so the sink must copy what it keeps.
   */
  void forEach(int epoch, BatchSink sink);

  /**
   * As {@link #forEach(int, BatchSink)}, leaving out the first {@code skip} batches: those a
   * resumed run trained before it stopped. Override when batches can be skipped without making them.
   */
  default void forEach(int epoch, int skip, BatchSink sink) {
    int[] seen = {0};
    forEach(epoch, (images, labels, count) -> {
      if (seen[0]++ >= skip) {
        sink.accept(images, labels, count);
      }
    });
  }

  /** One batch: {@code images} in NCHW order and {@code labels} as class indices, {@code count} items. */
  @FunctionalInterface
  interface BatchSink {
    void accept(float[] images, float[] labels, int count);
  }
}
