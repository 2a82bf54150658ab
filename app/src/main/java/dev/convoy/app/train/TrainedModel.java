package dev.convoy.app.train;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Shape;
import dev.convoy.app.model.ModelFile;
import dev.convoy.runtime.InferenceRewrites;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.ProviderRegistry;
import java.nio.file.Path;

/**
 * A classifier saved by {@code convoy train} (or converted from it to ONNX): the model on a backend, its metadata (classes,
 * normalization), the input shape it takes and the name of its score output.
 */
public record TrainedModel(Model model, ModelMetadata metadata, Shape inputShape, String scores)
    implements AutoCloseable {

  /**
   * Loads {@code file} (a {@code .convoy} checkpoint, or an {@code .onnx} model that carries the
   * same metadata, as {@code convoy convert} writes it) for batches of {@code batch} images on {@code backend}.
   */
  public static TrainedModel load(Path file, ProviderRegistry registry, Backend backend, int batch) {
    if (!ModelFile.isFile(file.toString())) {
      throw new ConvoyException(file + " is not a .convoy or .onnx model; train one with convoy train --out"
          + " NAME.convoy");
    }
    ModelFile saved = ModelFile.read(file, registry);
    ModelMetadata metadata;
    try {
      metadata = ModelMetadata.from(saved.metadata(), file.toString());
    } catch (ConvoyException e) {
      if (saved.format() != ModelFile.Format.ONNX) {
        throw e;
      }
      throw new ConvoyException(file + " carries no Convoy metadata_props (class_names, normalization_mean,"
          + " normalization_std), so its class names and input normalization are unknown; use convoy run for raw"
          + " outputs, or an .onnx that convoy convert wrote from a trained .convoy model", e);
    }
    Model model = saved.toModel(backend, batch);
    Shape input = model.network().inputs().getFirst().shape();
    String scores = model.network().outputs().getFirst();
    int classes = model.network().shape(scores).sizePerItem();
    if (classes < metadata.classNames().size()) {
      model.close();
      throw new ConvoyException(file + " scores " + classes + " classes but names " + metadata.classNames().size());
    }
    // Eval and predict only infer: fold and fuse once here (see InferenceRewrites), keep that model alone.
    try (Model built = model) {
      return new TrainedModel(InferenceRewrites.apply(built, registry), metadata, input, scores);
    }
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
