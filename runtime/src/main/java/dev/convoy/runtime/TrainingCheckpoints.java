package dev.convoy.runtime;

/**
 * Saves a run as it goes, so that a kill loses at most a few batches: the {@link Trainer} calls
 * {@link #save} after every epoch (once the listener has heard of it) and, when {@link #everyBatches}
 * is positive, after every that many batches within an epoch.
 */
public interface TrainingCheckpoints {

  /** Batches between mid-epoch saves; 0 saves at the ends of epochs only. */
  int everyBatches();

  /** Saves the model, optimizer and {@code at}; the model's step count already includes the last batch. */
  void save(TrainingPosition at);

  /** Saves nothing. */
  TrainingCheckpoints NONE = new TrainingCheckpoints() {
    @Override
    public int everyBatches() {
      return 0;
    }

    @Override
    public void save(TrainingPosition at) {}
  };
}
