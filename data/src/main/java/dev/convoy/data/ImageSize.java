package dev.convoy.data;

import dev.convoy.api.ConvoyException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * An image's size read from its header, before decoding: a valid 60000x60000 PNG is too large to
 * decode in memory, which is not the same as damaged, and the message should say which it is.
 */
final class ImageSize {
  /** The most pixels decoded at once: 2^27, half a gigabyte as ARGB ints. */
  static final long MAX_PIXELS = 1L << 27;

  private ImageSize() {}

  /** Fails, naming the size, when {@code file}'s header announces more than {@link #MAX_PIXELS}. */
  static void requireDecodable(Path file) {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        return; // decoding says what is wrong with it
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
        if (pixels > MAX_PIXELS) {
          throw new ConvoyException("image " + file + " is " + reader.getWidth(0) + "x" + reader.getHeight(0)
              + " pixels, too large to decode in memory (at most " + MAX_PIXELS + " pixels); shrink it first");
        }
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof ConvoyException c) {
        throw c;
      }
      // An unreadable header: decoding names the file as damaged.
    }
  }
}
