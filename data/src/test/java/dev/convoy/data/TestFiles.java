package dev.convoy.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;

/** Writes small IDX, CIFAR and image files for the tests. */
final class TestFiles {
  private TestFiles() {}

  /** Image {@code i} pixel {@code k}: a pattern that differs between images and positions. */
  static int pixel(int i, int k) {
    return (i * 31 + k * 7) & 0xFF;
  }

  static byte[] idxImages(int count, int rows, int cols) {
    ByteBuffer b = ByteBuffer.allocate(16 + count * rows * cols);
    b.putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(cols);
    for (int i = 0; i < count; i++) {
      for (int k = 0; k < rows * cols; k++) {
        b.put((byte) pixel(i, k));
      }
    }
    return b.array();
  }

  static byte[] idxLabels(int count, int classes) {
    ByteBuffer b = ByteBuffer.allocate(8 + count);
    b.putInt(IdxReader.LABELS_MAGIC).putInt(count);
    for (int i = 0; i < count; i++) {
      b.put((byte) (i % classes));
    }
    return b.array();
  }

  static byte[] header(int... ints) {
    ByteBuffer b = ByteBuffer.allocate(4 * ints.length);
    for (int v : ints) {
      b.putInt(v);
    }
    return b.array();
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** CIFAR records: label {@code (first + r) % 10}, pixels {@link #pixel}(first + r, k). */
  static byte[] cifarRecords(int first, int count) {
    byte[] data = new byte[count * CifarReader.RECORD_BYTES];
    for (int r = 0; r < count; r++) {
      int base = r * CifarReader.RECORD_BYTES;
      data[base] = (byte) ((first + r) % 10);
      for (int k = 0; k < CifarReader.IMAGE_BYTES; k++) {
        data[base + 1 + k] = (byte) pixel(first + r, k);
      }
    }
    return data;
  }

  static Path write(Path file, byte[] data) {
    try {
      Files.createDirectories(file.getParent());
      return Files.write(file, data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A solid-colour RGB image. */
  static BufferedImage solid(int width, int height, int rgb) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, rgb);
      }
    }
    return image;
  }

  static Path writeImage(Path file, BufferedImage image, String format) {
    try {
      Files.createDirectories(file.getParent());
      if (!ImageIO.write(image, format, file.toFile())) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A dataset of {@code count} images whose pixels follow {@link #pixel} and labels i % classes. */
  static Dataset dataset(int count, int channels, int height, int width, int classes) {
    int size = channels * height * width;
    byte[] pixels = new byte[count * size];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      for (int k = 0; k < size; k++) {
        pixels[i * size + k] = (byte) pixel(i, k);
      }
      labels[i] = i % classes;
    }
    return new Dataset("test", channels, height, width, pixels, labels, ClassNames.digits(classes));
  }
}
