package dev.convoy.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.ConvoyException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "gzip={0}")
  @ValueSource(booleans = {false, true})
  void readsImagesAndLabels(boolean gzip) {
    byte[] images = TestFiles.idxImages(5, 3, 4);
    byte[] labels = TestFiles.idxLabels(5, 3);
    // A plain name for a gzip file: compression is detected from the bytes, not the name.
    Path imageFile = TestFiles.write(dir.resolve("images"), gzip ? TestFiles.gzip(images) : images);
    Path labelFile = TestFiles.write(dir.resolve("labels"), gzip ? TestFiles.gzip(labels) : labels);

    Dataset d = IdxReader.read(imageFile, labelFile, ClassNames.digits(3), "tiny");

    assertEquals(5, d.size());
    assertEquals(1, d.channels());
    assertEquals(3, d.height());
    assertEquals(4, d.width());
    assertEquals(3, d.classes());
    float[] image = new float[12];
    for (int i = 0; i < 5; i++) {
      assertEquals(i % 3, d.label(i));
      d.copyImage(i, image, 0);
      for (int k = 0; k < 12; k++) {
        assertEquals(TestFiles.pixel(i, k) / 255f, image[k], 0f, "image " + i + " pixel " + k);
      }
    }
  }

  @Test
  void copyImageWritesAtTheOffset() {
    Path images = TestFiles.write(dir.resolve("i"), TestFiles.idxImages(2, 2, 2));
    Path labels = TestFiles.write(dir.resolve("l"), TestFiles.idxLabels(2, 2));
    Dataset d = IdxReader.read(images, labels, ClassNames.digits(2), "tiny");
    float[] dst = new float[7];
    Arrays.fill(dst, -1f);
    d.copyImage(1, dst, 2);
    assertEquals(-1f, dst[0]);
    assertEquals(-1f, dst[1]);
    assertEquals(TestFiles.pixel(1, 0) / 255f, dst[2]);
    assertEquals(TestFiles.pixel(1, 3) / 255f, dst[5]);
    assertEquals(-1f, dst[6]);
  }

  @Test
  void wrongMagicNamesTheFileAndBothNumbers() {
    byte[] bad = TestFiles.idxImages(2, 2, 2);
    bad[3] = 0x05;
    Path file = TestFiles.write(dir.resolve("bad-images"), bad);
    ConvoyException e = assertThrows(ConvoyException.class, () -> IdxReader.readImages(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("expected magic number 2051"), e.getMessage());
    assertTrue(e.getMessage().contains("found 2053"), e.getMessage());
  }

  @Test
  void swappedFilesAreCalledSwapped() {
    Path labels = TestFiles.write(dir.resolve("labels"), TestFiles.idxLabels(2, 2));
    ConvoyException e = assertThrows(ConvoyException.class, () -> IdxReader.readImages(labels));
    assertTrue(e.getMessage().contains("swapped"), e.getMessage());
  }

  @Test
  void notAnIdxFileAtAll() {
    Path text = TestFiles.write(dir.resolve("readme.txt"), "hello world, not idx".getBytes());
    ConvoyException e = assertThrows(ConvoyException.class, () -> IdxReader.readLabels(text));
    assertTrue(e.getMessage().contains("not an IDX file"), e.getMessage());
  }

  @ParameterizedTest(name = "gzip={0}")
  @ValueSource(booleans = {false, true})
  void truncatedFileSaysWhatWasExpectedAndFound(boolean gzip) {
    byte[] full = TestFiles.idxImages(10, 4, 4);
    byte[] cut = Arrays.copyOf(full, 16 + 100); // 100 of 160 pixel bytes
    Path file = TestFiles.write(dir.resolve("cut"), gzip ? TestFiles.gzip(cut) : cut);
    ConvoyException e = assertThrows(ConvoyException.class, () -> IdxReader.readImages(file));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    assertTrue(e.getMessage().contains("10 images of 4x4 (160 bytes)"), e.getMessage());
    assertTrue(e.getMessage().contains("only 100 bytes"), e.getMessage());
    assertTrue(e.getMessage().contains("download it again"), e.getMessage());
  }

  @Test
  void gzipStreamCutMidwayIsTruncationNotEofException() {
    byte[] compressed = TestFiles.gzip(TestFiles.idxImages(50, 8, 8));
    Path file = TestFiles.write(dir.resolve("cut.gz"), Arrays.copyOf(compressed, compressed.length / 2));
    ConvoyException e = assertThrows(ConvoyException.class, () -> IdxReader.readImages(file));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void truncatedHeader() {
    Path file = TestFiles.write(dir.resolve("short"), TestFiles.header(IdxReader.IMAGES_MAGIC, 3));
    ConvoyException e = assertThrows(ConvoyException.class, () -> IdxReader.readImages(file));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    assertTrue(e.getMessage().contains("row count"), e.getMessage());
  }

  @Test
  void hugeDeclaredCountFailsBeforeAllocating() {
    // 2^31-1 images of 10000x10000 would be 2^57 bytes; the plain file has 40.
    byte[] data = new byte[40];
    System.arraycopy(TestFiles.header(IdxReader.IMAGES_MAGIC, Integer.MAX_VALUE, 10000, 10000), 0, data, 0, 16);
    Path file = TestFiles.write(dir.resolve("huge"), data);
    ConvoyException e = assertThrows(ConvoyException.class, () -> IdxReader.readImages(file));
    assertTrue(e.getMessage().contains("more than one Java array can hold"), e.getMessage());
  }

  @Test
  void hugeButArraySizedCountInPlainFileIsTruncation() {
    byte[] data = new byte[40];
    System.arraycopy(TestFiles.header(IdxReader.IMAGES_MAGIC, 2_000_000, 28, 28), 0, data, 0, 16);
    Path file = TestFiles.write(dir.resolve("big"), data);
    ConvoyException e = assertThrows(ConvoyException.class, () -> IdxReader.readImages(file));
    assertTrue(e.getMessage().contains("1568000000 bytes"), e.getMessage());
    assertTrue(e.getMessage().contains("only 24 bytes"), e.getMessage());
  }

  @Test
  void hugeDeclaredCountInSmallGzipFailsBeforeAllocating() {
    // 1.5 GB declared in a gzip file of a few dozen bytes: impossible for DEFLATE.
    byte[] data = new byte[40];
    System.arraycopy(TestFiles.header(IdxReader.IMAGES_MAGIC, 1_900_000, 28, 28), 0, data, 0, 16);
    Path file = TestFiles.write(dir.resolve("big.gz"), TestFiles.gzip(data));
    ConvoyException e = assertThrows(ConvoyException.class, () -> IdxReader.readImages(file));
    assertTrue(e.getMessage().contains("cannot hold that much"), e.getMessage());
  }

  @Test
  void labelCountHugeIsTruncation() {
    Path file = TestFiles.write(dir.resolve("labels"), TestFiles.header(IdxReader.LABELS_MAGIC, Integer.MAX_VALUE - 100));
    ConvoyException e = assertThrows(ConvoyException.class, () -> IdxReader.readLabels(file));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    assertTrue(e.getMessage().contains("only 0 bytes"), e.getMessage());
  }

  @Test
  void negativeOrZeroDimensionsAreCorrupt() {
    byte[] data = TestFiles.header(IdxReader.IMAGES_MAGIC, 2, 0, 5);
    Path file = TestFiles.write(dir.resolve("zero"), data);
    ConvoyException e = assertThrows(ConvoyException.class, () -> IdxReader.readImages(file));
    assertTrue(e.getMessage().contains("row count 0"), e.getMessage());
    Path negative = TestFiles.write(dir.resolve("neg"), TestFiles.header(IdxReader.LABELS_MAGIC, -3));
    e = assertThrows(ConvoyException.class, () -> IdxReader.readLabels(negative));
    assertTrue(e.getMessage().contains("label count -3"), e.getMessage());
  }

  @Test
  void extraBytesAreReported() {
    byte[] data = Arrays.copyOf(TestFiles.idxLabels(4, 2), 12 + 5);
    Path file = TestFiles.write(dir.resolve("long"), data);
    ConvoyException e = assertThrows(ConvoyException.class, () -> IdxReader.readLabels(file));
    assertTrue(e.getMessage().contains("more bytes than its header declares"), e.getMessage());
  }

  @Test
  void countMismatchNamesBothFiles() {
    Path images = TestFiles.write(dir.resolve("i"), TestFiles.idxImages(4, 2, 2));
    Path labels = TestFiles.write(dir.resolve("l"), TestFiles.idxLabels(3, 2));
    ConvoyException e = assertThrows(ConvoyException.class,
        () -> IdxReader.read(images, labels, ClassNames.digits(2), "x"));
    assertTrue(e.getMessage().contains("4 images"), e.getMessage());
    assertTrue(e.getMessage().contains("3 labels"), e.getMessage());
    assertTrue(e.getMessage().contains(labels.toString()), e.getMessage());
  }

  @Test
  void labelOutsideTheClassesIsReported() {
    Path images = TestFiles.write(dir.resolve("i"), TestFiles.idxImages(4, 2, 2));
    Path labels = TestFiles.write(dir.resolve("l"), TestFiles.idxLabels(4, 4));
    ConvoyException e = assertThrows(ConvoyException.class,
        () -> IdxReader.read(images, labels, ClassNames.digits(3), "x"));
    assertTrue(e.getMessage().contains("label 3"), e.getMessage());
  }

  @Test
  void corruptGzipIsReportedAsSuch() {
    byte[] compressed = TestFiles.gzip(TestFiles.idxImages(20, 8, 8));
    for (int i = 20; i < compressed.length - 10; i += 3) {
      compressed[i] ^= 0x5A;
    }
    Path file = TestFiles.write(dir.resolve("corrupt.gz"), compressed);
    ConvoyException e = assertThrows(ConvoyException.class, () -> IdxReader.readImages(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  @Test
  void missingFileIsNamed() {
    Path file = dir.resolve("nope");
    ConvoyException e = assertThrows(ConvoyException.class, () -> IdxReader.readImages(file));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void labelsAreUnsigned() {
    byte[] data = TestFiles.idxLabels(1, 1);
    data[8] = (byte) 200;
    Path file = TestFiles.write(dir.resolve("l"), data);
    assertArrayEquals(new int[] {200}, IdxReader.readLabels(file));
  }
}
