package dev.convoy.app;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A small, learnable 28x28 IDX dataset written to a folder: class k is a bright 6x6 square at a
 * place of its own plus noise, so a few steps of training beat chance clearly.
 */
final class TinyIdxData {
  private TinyIdxData() {}

  static void write(Path dir, int trainCount, int testCount, long seed) throws IOException {
    Random random = new Random(seed);
    write(dir.resolve("train-images-idx3-ubyte"), dir.resolve("train-labels-idx1-ubyte"), trainCount, random);
    write(dir.resolve("t10k-images-idx3-ubyte"), dir.resolve("t10k-labels-idx1-ubyte"), testCount, random);
  }

  private static void write(Path images, Path labels, int count, Random random) throws IOException {
    byte[] pixels = new byte[count * 28 * 28];
    byte[] classes = new byte[count];
    for (int n = 0; n < count; n++) {
      int k = n % 10;
      classes[n] = (byte) k;
      int top = 2 + (k / 5) * 12;
      int left = 2 + (k % 5) * 5;
      for (int y = 0; y < 28; y++) {
        for (int x = 0; x < 28; x++) {
          boolean inSquare = y >= top && y < top + 6 && x >= left && x < left + 4;
          int value = (inSquare ? 200 : 20) + random.nextInt(40);
          pixels[n * 784 + y * 28 + x] = (byte) value;
        }
      }
    }
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(images))) {
      out.writeInt(2051);
      out.writeInt(count);
      out.writeInt(28);
      out.writeInt(28);
      out.write(pixels);
    }
    try (OutputStream raw = Files.newOutputStream(labels); DataOutputStream out = new DataOutputStream(raw)) {
      out.writeInt(2049);
      out.writeInt(count);
      out.write(classes);
    }
  }

  /** A 28x28 grey PNG of class {@code k}'s square. */
  static void writePng(Path file, int k) throws IOException {
    var image = new java.awt.image.BufferedImage(28, 28, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
    int top = 2 + (k / 5) * 12;
    int left = 2 + (k % 5) * 5;
    for (int y = 0; y < 28; y++) {
      for (int x = 0; x < 28; x++) {
        int v = y >= top && y < top + 6 && x >= left && x < left + 4 ? 220 : 40;
        image.getRaster().setSample(x, y, 0, v);
      }
    }
    javax.imageio.ImageIO.write(image, "png", file.toFile());
  }
}
