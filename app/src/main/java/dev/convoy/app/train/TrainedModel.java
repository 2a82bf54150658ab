package dev.convoy.app.train;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Shape;
import dev.convoy.formats.proto.ConvoyCheckpoint;
import dev.convoy.formats.proto.LoadedCheckpoint;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.ProviderRegistry;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A classifier saved by {@code convoy train}: the model on a backend, its metadata (classes,
 * normalization), the input shape it takes and the name of its score output.
 */
public record TrainedModel(Model model, ModelMetadata metadata, Shape inputShape, String scores)
    implements AutoCloseable {

  /** Loads {@code file} for batches of {@code batch} images on {@code backend}. */
  public static TrainedModel load(Path file, ProviderRegistry registry, Backend backend, int batch) {
    if (!file.toString().endsWith(".convoy")) {
      throw new ConvoyException(file + " is not a .convoy model; train one with convoy train --out NAME.convoy");
    }
    if (!Files.isRegularFile(file)) {
      throw new ConvoyException("no model file " + file);
    }
    LoadedCheckpoint saved = ConvoyCheckpoint.read(file, registry);
    ModelMetadata metadata = ModelMetadata.from(saved.metadata(), file.toString());
    Model model = saved.toModel(backend, batch);
    Shape input = model.network().inputs().getFirst().shape();
    String scores = model.network().outputs().getFirst();
    int classes = model.network().shape(scores).sizePerItem();
    if (classes < metadata.classNames().size()) {
      model.close();
      throw new ConvoyException(file + " scores " + classes + " classes but names " + metadata.classNames().size());
    }
    return new TrainedModel(model, metadata, input, scores);
  }

  /** One image's shape, {@code [C, H, W]}. */
  public Shape itemShape() {
    return Shape.of(inputShape.dim(1), inputShape.dim(2), inputShape.dim(3));
  }

  @Override
  public void close() {
    model.close();
  }
}
