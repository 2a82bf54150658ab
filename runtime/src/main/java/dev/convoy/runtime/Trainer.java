package dev.convoy.runtime;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Optimizer;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.LossKernels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Mini-batch training as the notes describe it: forward, loss, backward, optimizer step, and an
 * evaluation on held-out data after every epoch. The model must hold a loss node (see {@link
 * Network#withLoss}); its single network output is the class scores. Deterministic for a given
 * model seed and batch order. Stops with a {@link ConvoyException} when the loss stops being a
 * number, rather than training on garbage.
 *
 * <p>Data stays on the backend: per step the images and labels go up and the loss (one float, for
 * the progress bar and the divergence check) comes down; the count of correct predictions is
 * accumulated by a backend kernel and read once per epoch.
 */
public final class Trainer {
  private final Model model;
  private final Optimizer optimizer;
  private final LearningRateSchedule schedule;
  private final String scores;
  private final LossKernels losses;
  private final Map<Integer, Volume[]> batchVolumes = new HashMap<>();
  private float firstLoss = Float.NaN;

  public Trainer(Model model, Optimizer optimizer, LearningRateSchedule schedule) {
    if (!model.network().ancestors(List.of(Network.LOSS)).contains(Network.LABELS)) {
      throw new ConvoyException("the model has no '" + Network.LOSS + "' node over '" + Network.LABELS
          + "'; build it with Network.withLoss");
    }
    this.model = model;
    this.optimizer = optimizer;
    this.schedule = schedule;
    this.scores = model.network().outputs().getFirst();
    this.losses = model.kernels().family(LossKernels.class);
  }

  /** Trains epochs {@code firstEpoch..lastEpoch} (1-based, inclusive), evaluating on {@code test} after each. */
  public List<EpochResult> fit(LabelledBatches train, LabelledBatches test, int firstEpoch, int lastEpoch,
      TrainingListener listener) {
    return fit(train, test, TrainingPosition.startOf(firstEpoch), lastEpoch, listener, TrainingCheckpoints.NONE);
  }

  /**
   * Trains from {@code from} (possibly mid-epoch, as a checkpoint saved it) to the end of epoch
   * {@code lastEpoch}, evaluating on {@code test} after each epoch and saving to {@code checkpoints}
   * as it goes. Returns the epochs finished now.
   */
  public List<EpochResult> fit(LabelledBatches train, LabelledBatches test, TrainingPosition from, int lastEpoch,
      TrainingListener listener, TrainingCheckpoints checkpoints) {
    List<EpochResult> results = new ArrayList<>();
    TrainingPosition position = from;
    for (int epoch = from.epoch(); epoch <= lastEpoch; epoch++) {
      results.add(trainEpoch(position, train, test, listener, checkpoints));
      position = TrainingPosition.startOf(epoch + 1);
      checkpoints.save(position);
    }
    return results;
  }

  private EpochResult trainEpoch(TrainingPosition from, LabelledBatches train, LabelledBatches test,
      TrainingListener listener, TrainingCheckpoints checkpoints) {
    int epoch = from.epoch();
    optimizer.learningRate(schedule.at(epoch));
    int batches = (train.size() + train.batchSize() - 1) / train.batchSize();
    listener.epochStarted(epoch, batches);
    long start = System.nanoTime();
    double[] lossSum = {from.lossSum()};
    int[] counts = {from.batchesDone(), from.images(), from.images()}; // batches, images, images before this start
    double correctCount;
    try (Volume correct = model.backend().allocate(Shape.of(1))) {
      if (from.correct() != 0) {
        correct.write(new float[] {(float) from.correct()});
      }
      trainBatches(epoch, batches, train, listener, checkpoints, start, lossSum, counts, correct);
      correctCount = correct.toArray()[0];
    }
    double testAccuracy = Evaluation.run(model, scores, test).accuracy();
    EpochResult result = new EpochResult(epoch, lossSum[0] / Math.max(1, counts[1]),
        correctCount / Math.max(1, counts[1]), testAccuracy, optimizer.learningRate(),
        (System.nanoTime() - start) / 1e9);
    listener.epochFinished(result);
    return result;
  }

  private void trainBatches(int epoch, int batches, LabelledBatches train, TrainingListener listener,
      TrainingCheckpoints checkpoints, long start, double[] lossSum, int[] counts, Volume correct) {
    train.forEach(epoch, counts[0], (images, labels, count) -> {
      float loss = step(images, labels, count, correct);
      if (Float.isNaN(firstLoss)) {
        firstLoss = loss;
      }
      if (diverged(loss)) {
        throw new ConvoyException("training diverged: the loss became " + loss + " at epoch " + epoch + ", batch "
            + (counts[0] + 1) + " (it started at " + firstLoss + "); lower the learning rate (--lr, now "
            + optimizer.learningRate() + ")");
      }
      lossSum[0] += (double) loss * count;
      counts[0]++;
      counts[1] += count;
      double seconds = (System.nanoTime() - start) / 1e9;
      listener.batchFinished(epoch, counts[0], loss, (counts[1] - counts[2]) / Math.max(seconds, 1e-9));
      int every = checkpoints.everyBatches();
      if (every > 0 && counts[0] % every == 0 && counts[0] < batches) {
        checkpoints.save(new TrainingPosition(epoch, counts[0], lossSum[0], counts[1], correct.toArray()[0]));
      }
    });
  }

  /**
   * Not a number, or a hundred times where it started and past 100: such a run only gets worse
   * (its ReLUs die, its weights overflow), so stop before it wastes hours or gets saved.
   */
  private boolean diverged(float loss) {
    return !Float.isFinite(loss) || (loss > 100 && loss > 100 * firstLoss);
  }

  private float step(float[] images, float[] labels, int count, Volume correct) {
    Volume[] io = volumesFor(count);
    io[0].write(count * io[0].shape().sizePerItem() == images.length ? images
        : java.util.Arrays.copyOf(images, io[0].shape().intSize()));
    io[1].write(labels.length == count ? labels : java.util.Arrays.copyOf(labels, count));
    model.zeroGradients();
    float loss;
    try (ForwardPass pass = model.forward(Map.of(model.network().inputs().getFirst().name(), io[0],
        Network.LABELS, io[1]), true)) {
      losses.accumulateCorrect(pass.value(scores), io[1], correct);
      loss = pass.value(Network.LOSS).toArray()[0];
      pass.backwardToParameters(Map.of(Network.LOSS, io[2]));
    }
    optimizer.step(model.kernels(), model.parameters());
    return loss;
  }

  /** Input, label and unit-gradient volumes per batch size, reused across steps. */
  private Volume[] volumesFor(int count) {
    return batchVolumes.computeIfAbsent(count, n -> {
      Backend backend = model.backend();
      Shape item = model.network().inputs().getFirst().shape().withBatch(n);
      return new Volume[] {backend.allocate(item), backend.allocate(Shape.of(n)),
          backend.upload(Shape.of(1), new float[] {1f})};
    });
  }
}
