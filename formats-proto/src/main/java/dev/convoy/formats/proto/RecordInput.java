package dev.convoy.formats.proto;

import dev.convoy.api.ConvoyException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the pieces of a checkpoint from a stream whose total length is known, so that every length
 * found in the file is checked against what is left before anything is allocated: a corrupted
 * length gives a clear error, not an OutOfMemoryError or a wait for bytes that never come.
 */
final class RecordInput {
  private final InputStream in;
  private final long length;
  private long position;

  RecordInput(InputStream in, long length) {
    this.in = in;
    this.length = length;
  }

  long remaining() {
    return length - position;
  }

  /** Exactly {@code count} bytes; {@code what} names them in the error when the file ends first. */
  byte[] bytes(int count, String what) throws IOException {
    if (count > remaining()) {
      throw truncated(what);
    }
    byte[] out = in.readNBytes(count);
    position += out.length;
    if (out.length < count) {
      throw truncated(what);
    }
    return out;
  }

  /**
   * The bytes of one length-delimited message (a varint length, then the message). The length must
   * fit in what is left of the file and in {@code memoryLeft}.
   */
  byte[] record(String what, long memoryLeft) throws IOException {
    long size = varint(what);
    if (size > remaining()) {
      throw new ConvoyException(what + " claims " + size + " bytes but only " + remaining()
          + " are left in the file: it is truncated or corrupted");
    }
    if (size > Dims.MAX_VALUES || size > memoryLeft) {
      throw new ConvoyException(what + " is " + size + " bytes, more than fits in memory (" + memoryLeft
          + " bytes free of the JVM's maximum heap); run with a larger -Xmx if the file is genuine");
    }
    return bytes((int) size, what);
  }

  /** Fails unless every byte of the file has been read. */
  void requireEnd() {
    if (remaining() != 0) {
      throw new ConvoyException(remaining() + " unexpected bytes follow the last tensor record: the file is corrupted");
    }
  }

  private long varint(String what) throws IOException {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (remaining() <= 0) {
        throw truncated(what);
      }
      int b = in.read();
      if (b < 0) {
        throw truncated(what);
      }
      position++;
      value |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        if (value < 0) {
          break;
        }
        return value;
      }
    }
    throw new ConvoyException("the length of " + what + " is not a valid varint: the file is corrupted");
  }

  private ConvoyException truncated(String what) {
    return new ConvoyException("the file ends inside " + what + " (it has only " + length
        + " bytes): it is truncated; write it again");
  }
}
