package dev.convoy.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.ConvoyException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #18 points 2 and 8: images are not bent to fit unless asked, and a huge image is not "damaged". */
class ImageSizeCheckTest {
  @TempDir Path root;

  @Test
  void withoutResizingAnImageOfAnotherSizeOrChannelCountIsAnErrorNamingIt() {
    for (String name : new String[] {"a", "b", "c"}) {
      TestFiles.writeImage(root.resolve("cat/" + name + ".png"), TestFiles.solid(32, 32, 0xFF0000), "png");
      TestFiles.writeImage(root.resolve("dog/" + name + "2.png"), TestFiles.solid(32, 32, 0x00FF00), "png");
    }
    ConvoyException size = assertThrows(ConvoyException.class,
        () -> ImageFolderReader.read(root, null, 28, 28, 3, false, "pets"));
    assertTrue(size.getMessage().contains("a.png is a 32x32 RGB image but 28x28 RGB was asked for"),
        size.getMessage());
    ConvoyException grey = assertThrows(ConvoyException.class,
        () -> ImageFolderReader.read(root, null, 32, 32, 1, false, "pets"));
    assertTrue(grey.getMessage().contains("is a 32x32 RGB image but 32x32 grey was asked for"), grey.getMessage());

    assertEquals(32, ImageFolderReader.read(root, null, 32, 32, 3, false, "pets").width(), "the right size reads");
    assertEquals(28, Datasets.open(root.toString(), DataOptions.defaults().withSize(28, 28)).train().width(),
        "resizing stays the Java default");
    assertThrows(ConvoyException.class,
        () -> Datasets.open(root.toString(), DataOptions.defaults().withSize(28, 28).withResize(false)));
  }

  @Test
  void aValidButHugeImageIsTooLargeNotDamaged() throws IOException {
    Path huge = root.resolve("huge.png");
    Files.write(huge, pngHeader(60000, 60000));
    ConvoyException e = assertThrows(ConvoyException.class, () -> ImageLoader.load(huge, 28, 28, 1));
    assertTrue(e.getMessage().contains("is 60000x60000 pixels, too large to decode in memory"), e.getMessage());
    assertTrue(!e.getMessage().contains("damaged"), e.getMessage());
  }

  /** A PNG signature and IHDR chunk (8-bit grey): all a reader needs to tell the size. */
  private static byte[] pngHeader(int width, int height) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    ByteArrayOutputStream chunk = new ByteArrayOutputStream();
    DataOutputStream c = new DataOutputStream(chunk);
    c.write("IHDR".getBytes(StandardCharsets.US_ASCII));
    c.writeInt(width);
    c.writeInt(height);
    c.write(new byte[] {8, 0, 0, 0, 0});
    byte[] body = chunk.toByteArray();
    out.writeInt(body.length - 4);
    out.write(body);
    CRC32 crc = new CRC32();
    crc.update(body);
    out.writeInt((int) crc.getValue());
    return bytes.toByteArray();
  }
}
