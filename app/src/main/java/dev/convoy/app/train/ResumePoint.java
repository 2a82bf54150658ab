package dev.convoy.app.train;

import dev.convoy.api.Attributes;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Optimizer;
import dev.convoy.data.Normalization;
import dev.convoy.formats.proto.ConvoyCheckpoint;
import dev.convoy.formats.proto.LoadedCheckpoint;
import dev.convoy.formats.proto.OptimizerState;
import dev.convoy.formats.proto.TrainingState;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.ProviderRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Where {@code train --resume FILE} continues: the checkpoint's network, weights, optimizer state,
 * step count and seed, and the options its run was trained with. Options given again must agree
 * with the checkpoint, since a run with other data, batches, loss, schedule or seed is not the
 * same run continued; those not given are taken from it.
 */
public final class ResumePoint {
  private final Path file;
  private final LoadedCheckpoint saved;
  private final TrainingState training;
  private final OptimizerState optimizer;
  private final TrainingRecipe recipe;
  private final ModelMetadata metadata;

  private ResumePoint(Path file, LoadedCheckpoint saved, TrainingState training, OptimizerState optimizer,
      TrainingRecipe recipe, ModelMetadata metadata) {
    this.file = file;
    this.saved = saved;
    this.training = training;
    this.optimizer = optimizer;
    this.recipe = recipe;
    this.metadata = metadata;
  }

  /** Reads {@code file}, which must be a checkpoint that {@code convoy train --out} wrote. */
  public static ResumePoint read(Path file, ProviderRegistry registry) {
    if (!Files.isRegularFile(file)) {
      throw new ConvoyException("--resume " + file + ": no such file");
    }
    LoadedCheckpoint saved = ConvoyCheckpoint.read(file, registry);
    String notResumable = "--resume " + file + ": it holds no %s, so its run cannot be resumed exactly; train on from"
        + " its weights with --model " + file + " instead";
    TrainingState training = saved.trainingState()
        .orElseThrow(() -> new ConvoyException(notResumable.formatted("training state")));
    OptimizerState optimizer = saved.optimizerState()
        .orElseThrow(() -> new ConvoyException(notResumable.formatted("optimizer state")));
    TrainingRecipe recipe = TrainingRecipe.from(saved.metadata(), file.toString());
    return new ResumePoint(file, saved, training, optimizer, recipe, ModelMetadata.from(saved.metadata(),
        file.toString()));
  }

  public TrainingRecipe recipe() {
    return recipe;
  }

  public String optimizerName() {
    return optimizer.name();
  }

  public long seed() {
    return training.seed();
  }

  /** The first epoch still to train. */
  public int nextEpoch() {
    return Math.toIntExact(training.epoch() + 1);
  }

  /** The run's history so far and where within its next epoch it stopped. */
  public TrainingHistory history() {
    return TrainingHistory.from(saved.metadata(), nextEpoch(), file.toString());
  }

  /** The saved network and weights, under the model name it was trained as. */
  public StartingModel start(ProviderRegistry registry) {
    return StartingModel.fromCheckpoint(file, saved, metadata.zooModel(), registry);
  }

  /** Fails unless {@code epochs}, the total asked for, leaves something to train. */
  public void checkEpochs(int epochs) {
    if (training.epoch() >= epochs) {
      throw new ConvoyException(file + " has already been trained for " + training.epoch() + " epochs; --epochs is the"
          + " total, so ask for more (e.g. --epochs " + (training.epoch() + 1) + ") to train on");
    }
  }

  /**
   * {@code saved} when {@code option} was not {@code given}; otherwise {@code value}, which must
   * equal it.
   */
  public <T> T agree(String option, Predicate<String> given, T value, T saved) {
    if (given.test(option) && !Objects.equals(value, saved)) {
      throw contradiction(option + " " + value, saved == null ? "without " + option : option + " " + saved, option);
    }
    return saved;
  }

  /** A zoo name or {@code .convoy} file given with {@code --model} must be the model the checkpoint trained. */
  public void checkModel(String model) {
    String name = model.endsWith(".convoy") ? Path.of(model).getFileName().toString().replaceFirst("\\.convoy$", "")
        : model;
    if (!name.equals(metadata.zooModel())) {
      throw contradiction("--model " + model, "model " + metadata.zooModel(), "--model");
    }
  }

  /** An optimizer hyperparameter given again must equal the saved one; one the saved run left at its default cannot be checked. */
  public void checkHyperparameter(String option, String name, Float value) {
    if (value == null) {
      return;
    }
    if (!optimizer.hyperparameters().has(name)) {
      throw new ConvoyException(option + " " + value + " contradicts " + file + ", which was trained with "
          + optimizer.name() + " without " + option + " (its own default, if it has one); leave " + option
          + " out to continue that run");
    }
    float saved = optimizer.hyperparameters().getFloat(name, Float.NaN);
    if (Float.compare(saved, value) != 0) {
      throw contradiction(option + " " + value, option + " " + saved, option);
    }
  }

  /** The statistics of the training data now must be those it was trained with, or the data changed. */
  public void checkNormalization(Normalization fitted) {
    Normalization then = metadata.normalization();
    if (!Arrays.equals(then.mean(), fitted.mean()) || !Arrays.equals(then.std(), fitted.std())) {
      throw new ConvoyException("the training data differs from the data " + file + " was trained on (per-channel mean "
          + Arrays.toString(fitted.mean()) + ", then " + Arrays.toString(then.mean()) + "); resume with the same"
          + " --data and --limit");
    }
  }

  /** Puts the saved weights into {@code model} (built from {@link #start}) and its step count. */
  public void restore(StartingModel start, Model model) {
    start.loadWeights(model);
    model.step(training.step());
  }

  /** The saved optimizer, made again, holding its saved state. */
  public Optimizer optimizer(ProviderRegistry registry) {
    return optimizer.resume(registry);
  }

  /** The hyperparameters the saved optimizer was made with, to save again. */
  public Attributes hyperparameters() {
    return optimizer.hyperparameters();
  }

  private ConvoyException contradiction(String given, String saved, String option) {
    return new ConvoyException(given + " contradicts " + file + ", which was trained with " + saved + "; leave "
        + option + " out to continue that run (--epochs, --out and --backend may change)");
  }
}
