/**
 * Training data: readers for IDX files (MNIST, Fashion-MNIST), CIFAR-10 binary batches and image
 * folders, resolved from a {@code --data} value by {@link dev.convoy.data.Datasets#open}; and the
 * batching pipeline ({@link dev.convoy.data.Batcher}) with seeded shuffling and augmentation and
 * per-channel normalization; {@link dev.convoy.data.TrainingBatches} hands them to the runtime's
 * {@code Trainer} and {@code Evaluation}. Depends on {@code api} for {@link dev.convoy.api.ConvoyException}
 * and on {@code runtime} for the {@code LabelledBatches} it implements.
 */
module dev.convoy.data {
  requires transitive dev.convoy.api;
  requires transitive dev.convoy.runtime;
  // javax.imageio and java.awt.image for the image-folder reader.
  requires java.desktop;

  exports dev.convoy.data;
}
