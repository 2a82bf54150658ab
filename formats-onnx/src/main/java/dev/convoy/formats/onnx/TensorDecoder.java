package dev.convoy.formats.onnx;

import com.google.protobuf.ByteString;
import dev.convoy.api.ConvoyException;
import dev.convoy.formats.onnx.gen.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Turns an ONNX {@code TensorProto} into a {@link ConstTensor}, checking that its dims are sane and
 * match its data before allocating anything, so a corrupt file fails with the tensor's name.
 */
final class TensorDecoder {
  private TensorDecoder() {}

  static ConstTensor decode(TensorProto t, String what) {
    String name = what + " '" + t.getName() + "'";
    if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
      throw new ConvoyException(name + " keeps its data in an external file, which Convoy does not read;"
          + " re-export the model with the weights inside the .onnx file");
    }
    if (t.hasSegment()) {
      throw new ConvoyException(name + " is segmented, which Convoy does not support");
    }
    long[] dims = new long[t.getDimsCount()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = t.getDims(i);
    }
    int count = (int) ConstTensor.count(name, dims, ConstTensor.MAX_STORED_VALUES);
    int type = t.getDataType();
    ByteString raw = t.hasRawData() ? t.getRawData() : null;
    return switch (type) {
      case 1 -> ConstTensor.ofFloats(dims, floats(t, raw, count, name));   // FLOAT
      case 11 -> ConstTensor.ofFloats(dims, doubles(t, raw, count, name)); // DOUBLE, narrowed
      case 7 -> ConstTensor.ofLongs(dims, int64s(t, raw, count, name));    // INT64
      case 6, 5, 4, 3, 2, 9, 12 -> ConstTensor.ofLongs(dims, ints(t, raw, count, type, name));
      default -> throw new ConvoyException(name + " has data type " + type + " ("
          + TensorProto.DataType.forNumber(type) + "); Convoy reads float, double and integer tensors");
    };
  }

  private static void expect(String name, long have, long want, String unit) {
    if (have != want) {
      throw new ConvoyException(name + " holds " + have + " " + unit + " but its dims need " + want
          + "; the file is corrupt");
    }
  }

  private static ByteBuffer bytes(ByteString raw) {
    return raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  private static float[] floats(TensorProto t, ByteString raw, int count, String name) {
    if (raw != null) {
      expect(name, raw.size(), 4L * count, "bytes of raw data");
      float[] out = new float[count];
      bytes(raw).asFloatBuffer().get(out);
      return out;
    }
    expect(name, t.getFloatDataCount(), count, "float values");
    float[] out = new float[count];
    for (int i = 0; i < count; i++) {
      out[i] = t.getFloatData(i);
    }
    return out;
  }

  private static float[] doubles(TensorProto t, ByteString raw, int count, String name) {
    float[] out = new float[count];
    if (raw != null) {
      expect(name, raw.size(), 8L * count, "bytes of raw data");
      ByteBuffer b = bytes(raw);
      for (int i = 0; i < count; i++) {
        out[i] = (float) b.getDouble(8 * i);
      }
      return out;
    }
    expect(name, t.getDoubleDataCount(), count, "double values");
    for (int i = 0; i < count; i++) {
      out[i] = (float) t.getDoubleData(i);
    }
    return out;
  }

  private static long[] int64s(TensorProto t, ByteString raw, int count, String name) {
    long[] out = new long[count];
    if (raw != null) {
      expect(name, raw.size(), 8L * count, "bytes of raw data");
      bytes(raw).asLongBuffer().get(out);
      return out;
    }
    expect(name, t.getInt64DataCount(), count, "int64 values");
    for (int i = 0; i < count; i++) {
      out[i] = t.getInt64Data(i);
    }
    return out;
  }

  /** INT32 (6), INT16 (5), UINT8 (2), INT8 (3), UINT16 (4), BOOL (9), UINT32 (12): int32_data or raw. */
  private static long[] ints(TensorProto t, ByteString raw, int count, int type, String name) {
    long[] out = new long[count];
    if (raw != null) {
      int width = switch (type) {
        case 6, 12 -> 4;
        case 5, 4 -> 2;
        default -> 1;
      };
      expect(name, raw.size(), (long) width * count, "bytes of raw data");
      ByteBuffer b = bytes(raw);
      for (int i = 0; i < count; i++) {
        out[i] = switch (type) {
          case 6 -> b.getInt(4 * i);
          case 12 -> Integer.toUnsignedLong(b.getInt(4 * i));
          case 5 -> b.getShort(2 * i);
          case 4 -> Short.toUnsignedInt(b.getShort(2 * i));
          case 3 -> b.get(i);
          default -> Byte.toUnsignedInt(b.get(i));
        };
      }
      return out;
    }
    if (type == 12) {
      expect(name, t.getUint64DataCount(), count, "uint values");
      for (int i = 0; i < count; i++) {
        out[i] = t.getUint64Data(i);
      }
      return out;
    }
    expect(name, t.getInt32DataCount(), count, "int32 values");
    for (int i = 0; i < count; i++) {
      out[i] = t.getInt32Data(i);
    }
    return out;
  }
}
