package dev.convoy.formats.proto;

import dev.convoy.api.ConvoyException;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.ProviderRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Convoy's own checkpoint ({@code .convoy}, schema {@code convoy.proto}): saves a model's network
 * and parameters with metadata, training and optimizer state, and reads them back.
 *
 * <pre>{@code
 * ConvoyCheckpoint.write(Path.of("lenet.convoy"), model, Map.of("labels", "0,1,2,3,4,5,6,7,8,9"),
 *     new TrainingState(epoch, model.step(), seed), OptimizerState.of("momentum", hyperparameters, optimizer));
 * LoadedCheckpoint saved = ConvoyCheckpoint.read(Path.of("lenet.convoy"), registry);
 * try (Model again = saved.toModel(backend, 1)) { ... }
 * // or, to train on exactly as the saved run would have:
 * Model model = saved.toModel(backend);
 * Optimizer optimizer = saved.optimizerState().orElseThrow().resume(registry);
 * new Trainer(model, optimizer, schedule).fit(train, test, (int) epoch + 1, lastEpoch, listener);
 * }</pre>
 *
 * <p>Saving is atomic: the file is written beside the target, forced to disk and renamed over it,
 * so a crash or a failure leaves the previous checkpoint intact. Tensors are stored as separate
 * records after a header, so models of any size fit. Reading checks everything before using it
 * and reports any problem as a {@link ConvoyException} naming the file.
 */
public final class ConvoyCheckpoint {
  private ConvoyCheckpoint() {}

  /** Saves {@code model} with {@code metadata} and {@code training} state, replacing {@code file} atomically. */
  public static void write(Path file, Model model, Map<String, String> metadata, TrainingState training) {
    write(file, model, metadata, training, null);
  }

  /** As {@link #write(Path, Model, Map, TrainingState)}, plus the optimizer's state (may be null) to resume training. */
  public static void write(Path file, Model model, Map<String, String> metadata, TrainingState training,
      OptimizerState optimizer) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(training, "training");
    if (file.getFileName() == null) {
      throw new ConvoyException("cannot write a checkpoint to " + file + ": it names no file");
    }
    new CheckpointWriter(CheckpointFormat.MAX_VALUES_PER_RECORD).write(file, model, metadata, training, optimizer);
  }

  /**
   * Reads {@code file}, building its network with the layer providers of {@code registry}.
   *
   * @throws ConvoyException naming the file and the node or tensor for any problem: not a
   *     checkpoint, truncated, corrupted, too large for the heap, or a layer type no loaded
   *     plugin provides
   */
  public static LoadedCheckpoint read(Path file, ProviderRegistry registry) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(registry, "registry");
    return new CheckpointReader(file, registry).read();
  }
}
