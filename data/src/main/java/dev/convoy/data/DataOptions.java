package dev.convoy.data;

import dev.convoy.api.ConvoyException;

/**
 * How {@link Datasets#open} reads data. {@code width}, {@code height} and {@code channels} (1 grey
 * or 3 RGB) apply to image folders only: IDX and CIFAR files have a fixed size. {@code seed} picks
 * the held-out test images of an image folder without a test set. With {@code installIfMissing},
 * a missing Fashion-MNIST is installed with apt-get when running as root.
 */
public record DataOptions(int width, int height, int channels, long seed, boolean installIfMissing) {
  public DataOptions {
    if (width < 1 || height < 1) {
      throw new ConvoyException("image size " + width + "x" + height + " must be positive");
    }
    if (channels != 1 && channels != 3) {
      throw new ConvoyException("images can have 1 (grey) or 3 (RGB) channels, not " + channels);
    }
  }

  /** 32x32 RGB, seed 0, no installing. */
  public static DataOptions defaults() {
    return new DataOptions(32, 32, 3, 0, false);
  }

  public DataOptions withSize(int newWidth, int newHeight) {
    return new DataOptions(newWidth, newHeight, channels, seed, installIfMissing);
  }

  public DataOptions withChannels(int newChannels) {
    return new DataOptions(width, height, newChannels, seed, installIfMissing);
  }

  public DataOptions withSeed(long newSeed) {
    return new DataOptions(width, height, channels, newSeed, installIfMissing);
  }

  public DataOptions withInstallIfMissing(boolean install) {
    return new DataOptions(width, height, channels, seed, install);
  }
}
