package dev.convoy.formats.onnx;

import com.google.protobuf.ByteString;
import dev.convoy.api.Shape;
import dev.convoy.formats.onnx.gen.AttributeProto;
import dev.convoy.formats.onnx.gen.TensorProto;
import dev.convoy.formats.onnx.gen.TensorShapeProto;
import dev.convoy.formats.onnx.gen.TypeProto;
import dev.convoy.formats.onnx.gen.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Small constructors for the ONNX messages the exporter writes: attributes, tensors and typed values. */
final class ProtoBuilders {
  /** The name ONNX tools show for the symbolic batch dimension. */
  static final String BATCH = "N";

  private ProtoBuilders() {}

  static AttributeProto integer(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
  }

  static AttributeProto real(String name, float value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
  }

  static AttributeProto ints(String name, int... values) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (int v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  /** A float32 initializer; the values go in {@code raw_data}, little-endian, as exporters write them. */
  static TensorProto floats(String name, int[] dims, float[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
        .setRawData(ByteString.copyFrom(bytes.array()));
    for (int d : dims) {
      t.addDims(d);
    }
    return t.build();
  }

  /** A 1-D int64 initializer, e.g. a Reshape target; little-endian {@code raw_data} as for floats. */
  static TensorProto longs(String name, long... values) {
    ByteBuffer bytes = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asLongBuffer().put(values);
    return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
        .addDims(values.length).setRawData(ByteString.copyFrom(bytes.array())).build();
  }

  /** A float32 tensor value whose first dimension is the symbolic batch {@value #BATCH}. */
  static ValueInfoProto batched(String name, Shape shape) {
    TensorShapeProto.Builder dims = TensorShapeProto.newBuilder();
    for (int i = 0; i < shape.rank(); i++) {
      dims.addDim(i == 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH)
          : TensorShapeProto.Dimension.newBuilder().setDimValue(shape.dim(i)));
    }
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(dims)))
        .build();
  }
}
