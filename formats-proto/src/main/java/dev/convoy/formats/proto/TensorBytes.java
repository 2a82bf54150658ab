package dev.convoy.formats.proto;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/** Float32 values to and from the little-endian bytes of {@code TensorRecord.data}, with their CRC32C. */
final class TensorBytes {
  private TensorBytes() {}

  /** {@code count} values from {@code offset} as little-endian bytes, wrapped without a copy. */
  static ByteString encode(float[] values, int offset, int count) {
    ByteBuffer bytes = ByteBuffer.allocate(count * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values, offset, count);
    return UnsafeByteOperations.unsafeWrap(bytes.array());
  }

  /** Copies the values in {@code data} (a multiple of 4 bytes) into {@code target} from {@code offset}. */
  static void decode(ByteString data, float[] target, int offset) {
    data.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(target, offset, data.size() / Float.BYTES);
  }

  static int crc32c(ByteString data) {
    CRC32C crc = new CRC32C();
    crc.update(data.asReadOnlyByteBuffer());
    return (int) crc.getValue();
  }
}
