package dev.convoy.runtime;

import dev.convoy.api.ConvoyException;

/**
 * Where a training run stands: in epoch {@code epoch} (1-based), after {@code batchesDone} of its
 * batches, with the running sums its end-of-epoch line is made from. A checkpoint taken mid-epoch
 * saves this, so that a resumed run skips the batches already trained and ends with the same
 * numbers as a run that never stopped.
 *
 * @param lossSum the epoch's batch losses so far, each times its image count
 * @param images images trained so far in the epoch
 * @param correct of those, how many the model scored right
 */
public record TrainingPosition(int epoch, int batchesDone, double lossSum, int images, double correct) {

  public TrainingPosition {
    if (epoch < 1 || batchesDone < 0 || images < 0) {
      throw new ConvoyException("a training position is an epoch from 1 and counts from 0, got epoch " + epoch
          + ", " + batchesDone + " batches, " + images + " images");
    }
  }

  /** The start of epoch {@code epoch}, nothing of it trained yet. */
  public static TrainingPosition startOf(int epoch) {
    return new TrainingPosition(epoch, 0, 0, 0, 0);
  }

  /** True at the start of an epoch, where a checkpoint counts only whole epochs. */
  public boolean atEpochStart() {
    return batchesDone == 0;
  }

  /** Epochs finished before this position. */
  public int epochsDone() {
    return epoch - 1;
  }
}
