package dev.convoy.formats.proto;

import dev.convoy.api.ConvoyException;

/**
 * Where a training run stood when its checkpoint was written: epochs and optimizer steps completed
 * and the run's seed, so that resuming continues the exact same run.
 */
public record TrainingState(long epoch, long step, long seed) {

  public TrainingState {
    if (epoch < 0 || step < 0) {
      throw new ConvoyException("a training state counts completed epochs and steps, so neither can be negative"
          + " (epoch " + epoch + ", step " + step + ")");
    }
  }

  /** A run that has not trained yet. */
  public static TrainingState start(long seed) {
    return new TrainingState(0, 0, seed);
  }
}
