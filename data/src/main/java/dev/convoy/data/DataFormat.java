package dev.convoy.data;

import java.nio.file.Path;
import java.util.Optional;

/** The kinds of data folder {@link Datasets#open} understands, and how each is recognised. */
public enum DataFormat {
  /** CIFAR-10 binary batches: {@code data_batch_N.bin}, {@code test_batch.bin}. */
  CIFAR10,
  /** MNIST-style IDX files: {@code train-images-idx3-ubyte[.gz]} and friends. */
  IDX,
  /** One sub-folder of images per class, or {@code train/} and {@code test/} folders of those. */
  IMAGE_FOLDER;

  /** What {@code dir} holds, checking the most specific file names first. */
  public static Optional<DataFormat> detect(Path dir) {
    if (CifarReader.looksLikeCifar(dir)) {
      return Optional.of(CIFAR10);
    }
    if (IdxFolder.looksLikeIdx(dir)) {
      return Optional.of(IDX);
    }
    if (ImageFolderReader.looksLikeImageFolder(dir)) {
      return Optional.of(IMAGE_FOLDER);
    }
    return Optional.empty();
  }
}
