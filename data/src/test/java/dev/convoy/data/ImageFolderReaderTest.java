package dev.convoy.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.ConvoyException;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderReaderTest {
  private static final int RED = 0xFF0000;
  private static final int TEAL = 0x0080C0;

  @TempDir Path root;

  @BeforeEach
  void twoClassesOfDifferentSizes() {
    TestFiles.writeImage(root.resolve("red/a.png"), TestFiles.solid(20, 10, RED), "png");
    TestFiles.writeImage(root.resolve("red/b.PNG"), TestFiles.solid(3, 3, RED), "png");
    TestFiles.writeImage(root.resolve("teal/c.png"), TestFiles.solid(64, 48, TEAL), "png");
    TestFiles.write(root.resolve("teal/notes.txt"), "not an image".getBytes());
    TestFiles.writeImage(root.resolve(".hidden/d.png"), TestFiles.solid(4, 4, RED), "png");
  }

  @Test
  void readsResizedRgbImagesWithSortedClasses() {
    Dataset d = ImageFolderReader.read(root, null, 8, 6, 3, "folder");
    assertEquals(List.of("red", "teal"), d.classNames());
    assertEquals(3, d.size());
    assertEquals(3, d.channels());
    assertEquals(6, d.height());
    assertEquals(8, d.width());
    assertEquals(0, d.label(0));
    assertEquals(0, d.label(1));
    assertEquals(1, d.label(2));
    // A solid colour stays that colour at any size.
    assertSolid(d, 0, 255, 0, 0);
    assertSolid(d, 1, 255, 0, 0);
    assertSolid(d, 2, 0x00, 0x80, 0xC0);
  }

  @Test
  void greyscaleUsesLuma() {
    Dataset d = ImageFolderReader.read(root, null, 5, 5, 1, "folder");
    assertEquals(1, d.channels());
    assertSolid(d, 0, Math.round(0.299f * 255));
    assertSolid(d, 2, Math.round(0.587f * 0x80 + 0.114f * 0xC0));
  }

  @Test
  void greyPngIsReadWithoutGammaShift() {
    BufferedImage grey = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        grey.getRaster().setSample(x, y, 0, 60);
      }
    }
    Path file = TestFiles.writeImage(root.resolve("g.png"), grey, "png");
    float[] rgb = ImageLoader.load(file, 2, 2, 3);
    for (float v : rgb) {
      assertEquals(60 / 255f, v, 1e-6f);
    }
  }

  @Test
  void jpegIsReadApproximately() {
    Path file = TestFiles.writeImage(root.resolve("j.jpg"), TestFiles.solid(16, 16, TEAL), "jpg");
    float[] rgb = ImageLoader.load(file, 4, 4, 3);
    assertEquals(0x00 / 255f, rgb[0], 0.03f);
    assertEquals(0x80 / 255f, rgb[16], 0.03f);
    assertEquals(0xC0 / 255f, rgb[32], 0.03f);
  }

  @Test
  void leftHalfRightHalfKeepsItsLayout() {
    BufferedImage image = TestFiles.solid(40, 20, 0x000000);
    for (int y = 0; y < 20; y++) {
      for (int x = 20; x < 40; x++) {
        image.setRGB(x, y, 0xFFFFFF);
      }
    }
    Path file = TestFiles.writeImage(root.resolve("half.png"), image, "png");
    float[] grey = ImageLoader.load(file, 4, 2, 1);
    assertEquals(0f, grey[0]);
    assertEquals(0f, grey[1]);
    assertEquals(1f, grey[2]);
    assertEquals(1f, grey[7]);
  }

  @Test
  void unreadableImageIsNamed() {
    Path bad = TestFiles.write(root.resolve("teal/broken.png"), "\u0089PNG but not really".getBytes());
    ConvoyException e = assertThrows(ConvoyException.class,
        () -> ImageFolderReader.read(root, null, 8, 8, 3, "folder"));
    assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("delete"), e.getMessage());
  }

  @Test
  void emptyClassFolderIsAnError() throws Exception {
    Files.createDirectories(root.resolve("zebra"));
    ConvoyException e = assertThrows(ConvoyException.class,
        () -> ImageFolderReader.read(root, null, 8, 8, 3, "folder"));
    assertTrue(e.getMessage().contains("zebra"), e.getMessage());
    assertTrue(e.getMessage().contains("holds no"), e.getMessage());
  }

  @Test
  void givenClassesMayBeMissingButNotExtra() {
    Dataset d = ImageFolderReader.read(root, List.of("blue", "red", "teal"), 4, 4, 3, "test");
    assertEquals(3, d.classes());
    assertEquals(1, d.label(0));
    ConvoyException e = assertThrows(ConvoyException.class,
        () -> ImageFolderReader.read(root, List.of("red"), 4, 4, 3, "test"));
    assertTrue(e.getMessage().contains("teal"), e.getMessage());
  }

  @Test
  void recognition() {
    assertTrue(ImageFolderReader.looksLikeImageFolder(root));
    assertFalse(ImageFolderReader.looksLikeImageFolder(root.resolve("red")));
    assertFalse(ImageFolderReader.looksLikeImageFolder(root.resolve("absent")));
  }

  private static void assertSolid(Dataset d, int image, int... channelValues) {
    float[] values = new float[d.imageSize()];
    d.copyImage(image, values, 0);
    int plane = d.height() * d.width();
    for (int c = 0; c < channelValues.length; c++) {
      for (int k = 0; k < plane; k++) {
        assertEquals(channelValues[c] / 255f, values[c * plane + k], 1.01f / 255,
            "image " + image + " channel " + c + " pixel " + k);
      }
    }
  }
}
