package dev.convoy.data;

import dev.convoy.api.ConvoyException;

/**
 * How {@link Datasets#open} reads data. {@code width}, {@code height} and {@code channels} (1 grey
 * or 3 RGB) apply to image folders only: IDX and CIFAR files have a fixed size. {@code seed} picks
 * the held-out test images of an image folder without a test set. With {@code installIfMissing},
 * a missing Fashion-MNIST is installed with apt-get when running as root. With {@code resize} off,
 * an image of another size or channel count is an error naming it, not silently resized or greyed.
 */
public record DataOptions(int width, int height, int channels, long seed, boolean installIfMissing, boolean resize) {
  public DataOptions {
    if (width < 1 || height < 1) {
      throw new ConvoyException("image size " + width + "x" + height + " must be positive");
    }
    if (channels != 1 && channels != 3) {
      throw new ConvoyException("images can have 1 (grey) or 3 (RGB) channels, not " + channels);
    }
  }

  /** Resizing images to fit, as before {@code resize} was an option. */
  public DataOptions(int width, int height, int channels, long seed, boolean installIfMissing) {
    this(width, height, channels, seed, installIfMissing, true);
  }

  /** 32x32 RGB, seed 0, no installing, resizing images to fit. */
  public static DataOptions defaults() {
    return new DataOptions(32, 32, 3, 0, false, true);
  }

  public DataOptions withSize(int newWidth, int newHeight) {
    return new DataOptions(newWidth, newHeight, channels, seed, installIfMissing, resize);
  }

  public DataOptions withChannels(int newChannels) {
    return new DataOptions(width, height, newChannels, seed, installIfMissing, resize);
  }

  public DataOptions withSeed(long newSeed) {
    return new DataOptions(width, height, channels, newSeed, installIfMissing, resize);
  }

  public DataOptions withInstallIfMissing(boolean install) {
    return new DataOptions(width, height, channels, seed, install, resize);
  }

  /** Whether images of another size or channel count are resized and converted (true) or refused. */
  public DataOptions withResize(boolean newResize) {
    return new DataOptions(width, height, channels, seed, installIfMissing, newResize);
  }
}
