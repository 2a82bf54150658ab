package dev.convoy.runtime;

/** Hears about training progress: for progress bars and reports. Every method is optional. */
public interface TrainingListener {

  default void epochStarted(int epoch, int batches) {}

  /** After each step: the batch's loss and the images per second so far in this epoch. */
  default void batchFinished(int epoch, int batch, float loss, double imagesPerSecond) {}

  default void epochFinished(EpochResult result) {}
}
