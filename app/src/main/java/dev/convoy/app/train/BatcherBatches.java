package dev.convoy.app.train;

import dev.convoy.api.Shape;
import dev.convoy.data.Batch;
import dev.convoy.data.BatchIterator;
import dev.convoy.data.Batcher;
import dev.convoy.runtime.LabelledBatches;

/** The data module's {@link Batcher} seen as the runtime's {@link LabelledBatches}. */
public record BatcherBatches(Batcher batcher) implements LabelledBatches {

  @Override
  public Shape itemShape() {
    var d = batcher.dataset();
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
