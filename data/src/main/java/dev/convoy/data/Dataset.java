package dev.convoy.data;

import dev.convoy.api.ConvoyException;
import java.util.List;

/**
 * An in-memory set of labelled images, all of the same size. Pixels are kept as unsigned bytes
 * (one byte per value, images one after the other, each in CHW order) and read back as floats in
 * {@code [0, 1]}: a quarter of the memory of floats, and exactly what IDX, CIFAR and 8-bit image
 * files hold. Immutable.
 */
public final class Dataset {
  private static final float[] UNIT = unitTable();

  private final String name;
  private final int channels;
  private final int height;
  private final int width;
  private final int imageSize;
  private final byte[] pixels;
  private final int[] labels;
  private final List<String> classNames;

  /**
   * Wraps pixel bytes and labels without copying them; the caller must not change them after.
   *
   * @param pixels {@code labels.length * channels * height * width} bytes, images in CHW order
   * @param labels class indices in {@code [0, classNames.size())}
   */
  public Dataset(
      String name, int channels, int height, int width, byte[] pixels, int[] labels,
      List<String> classNames) {
    if (channels < 1 || height < 1 || width < 1) {
      throw new ConvoyException(
          name + ": image size " + channels + "x" + height + "x" + width + " must be positive");
    }
    if (classNames.isEmpty()) {
      throw new ConvoyException(name + ": a dataset needs at least one class");
    }
    long expected = (long) labels.length * channels * height * width;
    if (pixels.length != expected) {
      throw new ConvoyException(name + ": " + labels.length + " images of " + channels + "x"
          + height + "x" + width + " need " + expected + " pixel bytes, got " + pixels.length);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classNames.size()) {
        throw new ConvoyException(name + ": image " + i + " has label " + labels[i]
            + ", outside the " + classNames.size() + " classes 0.." + (classNames.size() - 1)
            + "; the label file is corrupt or belongs to another dataset");
      }
    }
    this.name = name;
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.imageSize = channels * height * width;
    this.pixels = pixels;
    this.labels = labels;
    this.classNames = List.copyOf(classNames);
  }

  /** A short name for messages, e.g. {@code fashion-mnist train}. */
  public String name() {
    return name;
  }

  public int size() {
    return labels.length;
  }

  public int channels() {
    return channels;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  /** Values per image: {@code channels * height * width}. */
  public int imageSize() {
    return imageSize;
  }

  public int classes() {
    return classNames.size();
  }

  public List<String> classNames() {
    return classNames;
  }

  /** The class index of image {@code i}. */
  public int label(int i) {
    return labels[i];
  }

  /** How many images each class has, indexed by class. */
  public int[] labelCounts() {
    int[] counts = new int[classes()];
    for (int label : labels) {
      counts[label]++;
    }
    return counts;
  }

  /** Writes image {@code i} as {@link #imageSize()} floats in [0, 1], CHW order, at {@code offset}. */
  public void copyImage(int i, float[] dst, int offset) {
    int base = i * imageSize;
    for (int k = 0; k < imageSize; k++) {
      dst[offset + k] = UNIT[pixels[base + k] & 0xFF];
    }
  }

  /** Pixel value {@code k} (CHW index) of image {@code i} as a byte 0..255. */
  int rawPixel(int i, int k) {
    return pixels[i * imageSize + k] & 0xFF;
  }

  /** A new dataset holding the given images, in the given order. */
  public Dataset subset(int[] indices, String subsetName) {
    byte[] picked = new byte[Math.multiplyExact(indices.length, imageSize)];
    int[] pickedLabels = new int[indices.length];
    for (int j = 0; j < indices.length; j++) {
      System.arraycopy(pixels, indices[j] * imageSize, picked, j * imageSize, imageSize);
      pickedLabels[j] = labels[indices[j]];
    }
    return new Dataset(subsetName, channels, height, width, picked, pickedLabels, classNames);
  }

  @Override
  public String toString() {
    return name + ": " + size() + " images " + channels + "x" + height + "x" + width + ", "
        + classes() + " classes";
  }

  private static float[] unitTable() {
    float[] table = new float[256];
    for (int v = 0; v < 256; v++) {
      table[v] = v / 255f;
    }
    return table;
  }
}
