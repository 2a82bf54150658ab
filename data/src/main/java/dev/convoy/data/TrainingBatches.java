package dev.convoy.data;

import dev.convoy.api.Shape;
import dev.convoy.runtime.LabelledBatches;

/**
 * A dataset in mini-batches as the runtime's {@code Trainer} and {@code Evaluation} take them: the
 * bridge from the readers ({@link Datasets#open}) to training, for Java users as for the CLI.
 *
 * <pre>{@code
 * TrainTestSplit data = Datasets.open("fashion-mnist", DataOptions.defaults().withInstallIfMissing(true));
 * Normalization norm = Normalization.fit(data.train());
 * LabelledBatches train = TrainingBatches.shuffled(data.train(), 64, 1, norm);
 * LabelledBatches test = TrainingBatches.inOrder(data.test(), 64, norm);
 * }</pre>
 */
public record TrainingBatches(Batcher batcher) implements LabelledBatches {

  /** Reshuffled every epoch from {@code seed}, without augmentation: for training. */
  public static TrainingBatches shuffled(Dataset dataset, int batchSize, long seed, Normalization normalization) {
    return shuffled(dataset, batchSize, seed, normalization, Augmentation.none());
  }

  /** Reshuffled and augmented every epoch from {@code seed}: for training. */
  public static TrainingBatches shuffled(Dataset dataset, int batchSize, long seed, Normalization normalization,
      Augmentation augmentation) {
    return new TrainingBatches(new Batcher(dataset, batchSize, true, seed, normalization, augmentation));
  }

  /** In dataset order, without augmentation: for evaluation. */
  public static TrainingBatches inOrder(Dataset dataset, int batchSize, Normalization normalization) {
    return new TrainingBatches(Batcher.inOrder(dataset, batchSize, normalization));
  }

  @Override
  public Shape itemShape() {
    Dataset d = batcher.dataset();
    return Shape.of(d.channels(), d.height(), d.width());
  }

  @Override
  public int size() {
    return batcher.dataset().size();
  }

  @Override
  public int batchSize() {
    return batcher.batchSize();
  }

  @Override
  public void forEach(int epoch, BatchSink sink) {
    BatchIterator batches = batcher.epoch(epoch);
    while (batches.hasNext()) {
      Batch batch = batches.next();
      sink.accept(batch.images(), batch.labels(), batch.size());
    }
  }
}
