package dev.convoy.data;

import dev.convoy.api.ConvoyException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A binary data file opened for reading, gunzipped on the fly when it starts with the gzip magic
 * bytes {@code 1f 8b} (whatever its name). Every failure is a {@link ConvoyException} that names
 * the file; sizes declared by a header are checked against what the file can hold before
 * anything is allocated, so a corrupt header cannot cause an {@link OutOfMemoryError}.
 */
final class DataFile implements Closeable {
  /** DEFLATE cannot expand data by more than about 1032:1; a header claiming more is corrupt. */
  private static final long MAX_GZIP_RATIO = 1032;
  /** The largest Java array Convoy allocates. */
  static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  private final Path path;
  private final long fileLength;
  private final boolean gzipped;
  private final InputStream in;
  private long position;

  private DataFile(Path path, long fileLength, boolean gzipped, InputStream in) {
    this.path = path;
    this.fileLength = fileLength;
    this.gzipped = gzipped;
    this.in = in;
  }

  static DataFile open(Path path) {
    if (!Files.isRegularFile(path)) {
      throw new ConvoyException(path + " does not exist or is not a regular file");
    }
    InputStream raw = null;
    try {
      long length = Files.size(path);
      raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
      raw.mark(2);
      boolean gzipped = raw.read() == 0x1f && raw.read() == 0x8b;
      raw.reset();
      InputStream in = gzipped ? new GZIPInputStream(raw, 1 << 16) : raw;
      return new DataFile(path, length, gzipped, in);
    } catch (IOException e) {
      closeQuietly(raw);
      throw failure(path, e);
    }
  }

  Path path() {
    return path;
  }

  boolean gzipped() {
    return gzipped;
  }

  /** Size on disk (compressed size for a gzip file). */
  long fileLength() {
    return fileLength;
  }

  /** The product of positive sizes, or {@link Long#MAX_VALUE} when it overflows a long. */
  static long product(int... sizes) {
    long result = 1;
    for (int size : sizes) {
      try {
        result = Math.multiplyExact(result, size);
      } catch (ArithmeticException e) {
        return Long.MAX_VALUE;
      }
    }
    return result;
  }

  /** Reads a big-endian 32-bit integer, the unit of IDX headers. */
  int readInt(String what) {
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int b = readByte();
      if (b < 0) {
        throw new ConvoyException(path + " is truncated: it ends at byte " + position
            + " while reading " + what + "; the file is incomplete or not the expected format");
      }
      value = (value << 8) | b;
    }
    return value;
  }

  /**
   * Reads exactly {@code count} bytes. {@code what} describes them for messages, e.g.
   * {@code "60000 images of 28x28"}. Fails before allocating when the file cannot hold them.
   */
  byte[] readBytes(long count, String what) {
    if (count > MAX_ARRAY) {
      throw new ConvoyException(path + " declares " + what + " = "
          + (count == Long.MAX_VALUE ? "over 2^63" : String.valueOf(count))
          + " bytes, more than one Java array can hold (2 GiB); the header is corrupt or the"
          + " data set is too large to load into memory");
    }
    if (!gzipped && fileLength - position < count) {
      throw truncated(count, what, fileLength - position);
    }
    if (gzipped && count > (fileLength + 1024) * MAX_GZIP_RATIO) {
      throw new ConvoyException(path + " declares " + what + " = " + count
          + " bytes, but a gzip file of " + fileLength + " bytes cannot hold that much;"
          + " the header is corrupt: download the file again");
    }
    // For gzip the real size is known only by reading, so grow towards the declared size.
    int capacity = (int) (gzipped ? Math.min(count, Math.max(1 << 20, fileLength * 8)) : count);
    byte[] buffer = new byte[capacity];
    int filled = 0;
    try {
      while (filled < count) {
        if (filled == buffer.length) {
          buffer = Arrays.copyOf(buffer, (int) Math.min(count, 2L * buffer.length));
        }
        int n = readChunk(buffer, filled, buffer.length - filled);
        if (n < 0) {
          throw truncated(count, what, filled);
        }
        filled += n;
      }
    } catch (IOException e) {
      throw failure(path, e);
    }
    position += count;
    return buffer;
  }

  /** Fails when data follows what the header declared: the file is not what it claims to be. */
  void expectEnd(String what) {
    if (readByte() >= 0) {
      throw new ConvoyException(path + " has more bytes than its header declares (" + what
          + "); the file is corrupt or not the expected format");
    }
  }

  private int readByte() {
    try {
      int b = in.read();
      if (b >= 0) {
        position++;
      }
      return b;
    } catch (EOFException e) {
      return -1; // a truncated gzip stream: reported as truncation by the caller
    } catch (IOException e) {
      throw failure(path, e);
    }
  }

  private int readChunk(byte[] buffer, int offset, int length) throws IOException {
    try {
      return in.read(buffer, offset, length);
    } catch (EOFException e) {
      return -1;
    }
  }

  private ConvoyException truncated(long expected, String what, long found) {
    return new ConvoyException(path + " is truncated: its header declares " + what + " ("
        + expected + " bytes) but only " + found + " bytes of data follow the header;"
        + " the file is incomplete: download it again");
  }

  static ConvoyException failure(Path path, IOException e) {
    if (e instanceof ZipException) {
      return new ConvoyException(path + " is not a valid gzip file (" + e.getMessage()
          + "); the download is corrupt: download it again", e);
    }
    return new ConvoyException("cannot read " + path + ": " + e, e);
  }

  @Override
  public void close() {
    closeQuietly(in);
  }

  private static void closeQuietly(InputStream stream) {
    if (stream == null) {
      return;
    }
    try {
      stream.close();
    } catch (IOException e) {
      // Nothing useful to do: the data has been read or the read has already failed.
    }
  }
}
