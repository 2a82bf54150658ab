package dev.convoy.data;

import dev.convoy.api.ConvoyException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST: an IDX3 file of unsigned-byte images (magic
 * number 2051, then count, rows, columns, all big-endian) and an IDX1 file of unsigned-byte labels
 * (magic number 2049, then count). Either file may be gzip-compressed; that is detected from its
 * first bytes, not its name. A wrong magic number, a truncated file, a header that declares more
 * data than the file holds, or image and label files that disagree on the count stop with a
 * {@link ConvoyException} that names the file and says what was expected and what was found.
 */
public final class IdxReader {
  /** Magic number of an IDX file of unsigned bytes with 3 dimensions (images). */
  public static final int IMAGES_MAGIC = 0x0803;
  /** Magic number of an IDX file of unsigned bytes with 1 dimension (labels). */
  public static final int LABELS_MAGIC = 0x0801;

  private IdxReader() {}

  /** The pixels of an IDX3 file: {@code count} images of {@code rows x cols} bytes. */
  record Images(int count, int rows, int cols, byte[] pixels) {}

  /** Reads an image file and its label file into a one-channel dataset. */
  public static Dataset read(Path images, Path labels, List<String> classNames, String name) {
    Images pixels = readImages(images);
    int[] classes = readLabels(labels);
    checkSameCount(images, pixels, labels, classes);
    return new Dataset(name, 1, pixels.rows(), pixels.cols(), pixels.pixels(), classes, classNames);
  }

  static void checkSameCount(Path images, Images pixels, Path labels, int[] classes) {
    if (pixels.count() != classes.length) {
      throw new ConvoyException(images + " holds " + pixels.count() + " images but " + labels
          + " holds " + classes.length + " labels; use the label file that belongs to these images");
    }
  }

  static Images readImages(Path file) {
    try (DataFile in = DataFile.open(file)) {
      checkMagic(in, IMAGES_MAGIC, "an IDX3 image file");
      int count = positive(in, in.readInt("the image count"), "image count");
      int rows = positive(in, in.readInt("the row count"), "row count");
      int cols = positive(in, in.readInt("the column count"), "column count");
      String what = count + " images of " + rows + "x" + cols;
      byte[] pixels = in.readBytes(DataFile.product(count, rows, cols), what);
      in.expectEnd(what);
      return new Images(count, rows, cols, pixels);
    }
  }

  static int[] readLabels(Path file) {
    try (DataFile in = DataFile.open(file)) {
      checkMagic(in, LABELS_MAGIC, "an IDX1 label file");
      int count = positive(in, in.readInt("the label count"), "label count");
      String what = count + " labels";
      byte[] bytes = in.readBytes(count, what);
      in.expectEnd(what);
      int[] labels = new int[count];
      for (int i = 0; i < count; i++) {
        labels[i] = bytes[i] & 0xFF;
      }
      return labels;
    }
  }

  private static void checkMagic(DataFile in, int expected, String kind) {
    int magic = in.readInt("the magic number");
    if (magic == expected) {
      return;
    }
    String hint = magic == LABELS_MAGIC ? " (an IDX1 label file: are the image and label files swapped?)"
        : magic == IMAGES_MAGIC ? " (an IDX3 image file: are the image and label files swapped?)"
        : (magic >>> 16) == 0 ? " (an IDX file of " + (magic & 0xFF) + " dimensions and type 0x"
            + Integer.toHexString((magic >>> 8) & 0xFF) + "; Convoy reads unsigned bytes, type 0x08)"
        : " (not an IDX file" + (in.gzipped() ? "" : ", nor gzip-compressed") + ")";
    throw new ConvoyException(in.path() + " is not " + kind + ": expected magic number " + expected
        + " (0x" + String.format("%08x", expected) + "), found " + magic + " (0x"
        + String.format("%08x", magic) + ")" + hint);
  }

  private static int positive(DataFile in, int value, String what) {
    if (value <= 0) {
      throw new ConvoyException(in.path() + " has " + what + " " + value
          + " in its header; it must be positive: the file is corrupt");
    }
    return value;
  }
}
