package dev.convoy.app.train;

import dev.convoy.runtime.EpochResult;
import dev.convoy.runtime.TrainingPosition;
import dev.convoy.runtime.TrainingListener;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar per epoch on stderr (images/s and running loss), and one summary line per epoch on
 * stdout, so that piping stdout gives a clean log. Keeps every batch loss for the report's curve.
 */
public final class TrainingProgress implements TrainingListener, AutoCloseable {
  private final PrintWriter out;
  private final PrintStream bars;
  private final int lastEpoch;
  private final List<Float> batchLosses = new ArrayList<>();
  private final List<EpochResult> epochs = new ArrayList<>();
  private ProgressBar bar;
  private double runningLoss = Double.NaN;
  private int batchesPerEpoch;

  public TrainingProgress(PrintWriter out, PrintStream bars, int lastEpoch) {
    this(out, bars, lastEpoch, TrainingHistory.startingAt(1));
  }

  /** Goes on from {@code before}, a resumed run's history, so that its report shows the whole run. */
  public TrainingProgress(PrintWriter out, PrintStream bars, int lastEpoch, TrainingHistory before) {
    this.out = out;
    this.bars = bars;
    this.lastEpoch = lastEpoch;
    epochs.addAll(before.epochs());
    for (float loss : before.batchLosses()) {
      batchLosses.add(loss);
    }
  }

  @Override
  public void epochStarted(int epoch, int batches) {
    batchesPerEpoch = batches;
    if (bars != null) {
      bar = new ProgressBarBuilder()
          .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, lastEpoch))
          .setInitialMax(batches)
          .setUnit(" batches", 1)
          .setStyle(ProgressBarStyle.ASCII)
          .setUpdateIntervalMillis(250)
          .setConsumer(new ConsoleProgressBarConsumer(bars))
          .build();
    }
  }

  @Override
  public void batchFinished(int epoch, int batch, float loss, double imagesPerSecond) {
    batchLosses.add(loss);
    // An exponential average: a single batch's loss is too noisy to read.
    runningLoss = Double.isNaN(runningLoss) ? loss : 0.98 * runningLoss + 0.02 * loss;
    if (bar != null) {
      bar.stepTo(batch);
      bar.setExtraMessage(String.format(Locale.ROOT, " %.0f img/s, loss %.4f", imagesPerSecond, runningLoss));
    }
  }

  @Override
  public void epochFinished(EpochResult result) {
    if (bar != null) {
      bar.close();
      bar = null;
    }
    epochs.add(result);
    out.printf(Locale.ROOT, "epoch %d: train loss %.4f, train accuracy %.4f, test accuracy %.4f, lr %s, %.1f s%n",
        result.epoch(), result.trainLoss(), result.trainAccuracy(), result.testAccuracy(),
        Float.toString(result.learningRate()), result.seconds());
    out.flush();
  }

  /** Ends a bar left open by an error, so that the error's message starts a line of its own. */
  @Override
  public void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }

  public List<EpochResult> epochs() {
    return epochs;
  }

  public float[] batchLosses() {
    float[] losses = new float[batchLosses.size()];
    for (int i = 0; i < losses.length; i++) {
      losses[i] = batchLosses.get(i);
    }
    return losses;
  }

  /** Everything trained so far, standing at {@code position}, to save in a checkpoint. */
  public TrainingHistory history(TrainingPosition position) {
    return new TrainingHistory(List.copyOf(epochs), batchLosses(), position);
  }

  public int batchesPerEpoch() {
    return batchesPerEpoch;
  }
}
