package dev.convoy.formats.onnx;

import dev.convoy.formats.onnx.gen.AttributeProto;
import dev.convoy.formats.onnx.gen.GraphProto;
import dev.convoy.formats.onnx.gen.ModelProto;
import dev.convoy.formats.onnx.gen.NodeProto;
import dev.convoy.formats.onnx.gen.OperatorSetIdProto;
import dev.convoy.formats.onnx.gen.TensorProto;
import dev.convoy.formats.onnx.gen.TensorShapeProto;
import dev.convoy.formats.onnx.gen.TypeProto;
import dev.convoy.formats.onnx.gen.ValueInfoProto;
import java.util.Random;

/** Small ONNX models built in Java, shaped like PyTorch's exports, for the import and fuzz tests. */
final class TinyModels {
  private TinyModels() {}

  static TensorProto floats(String name, Random random, long... dims) {
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(1);
    long n = 1;
    for (long d : dims) {
      t.addDims(d);
      n *= d;
    }
    for (int i = 0; i < n; i++) {
      t.addFloatData((float) random.nextGaussian() * 0.5f);
    }
    return t.build();
  }

  static TensorProto longs(String name, long... values) {
    return TensorProto.newBuilder().setName(name).setDataType(7).addDims(values.length)
        .addAllInt64Data(java.util.Arrays.stream(values).boxed().toList()).build();
  }

  static AttributeProto ints(String name, long... v) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS)
        .addAllInts(java.util.Arrays.stream(v).boxed().toList()).build();
  }

  static AttributeProto integer(String name, long v) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
  }

  static NodeProto node(String op, String name, String[] in, String out, AttributeProto... attributes) {
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(name).addOutput(out);
    for (String i : in) {
      n.addInput(i);
    }
    for (AttributeProto a : attributes) {
      n.addAttribute(a);
    }
    return n.build();
  }

  static ValueInfoProto tensor(String name, long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : dims) {
      shape.addDim(d < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam("batch")
          : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(1).setShape(shape))).build();
  }

  static ModelProto model(int opset, GraphProto graph) {
    return ModelProto.newBuilder().setIrVersion(7).setProducerName("convoy-test")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).setGraph(graph).build();
  }

  /**
   * x [batch,3,8,8] -> Pad(1) -> Conv 4x3x3 -> BatchNormalization -> Clip(0,6) -> MaxPool 2 (ceil) ->
   * Shape/Gather/Unsqueeze/Concat -> Reshape [N,-1] -> Gemm (transB) -> Softmax; opset 13.
   */
  static ModelProto small() {
    Random r = new Random(5);
    GraphProto g = GraphProto.newBuilder().setName("tiny")
        .addInput(tensor("x", -1, 3, 8, 8))
        .addInitializer(floats("w", r, 4, 3, 3, 3)).addInitializer(floats("b", r, 4))
        .addInitializer(floats("scale", r, 4)).addInitializer(floats("shift", r, 4))
        .addInitializer(floats("mean", r, 4)).addInitializer(TensorProto.newBuilder().setName("var").setDataType(1)
            .addDims(4).addFloatData(0.5f).addFloatData(1f).addFloatData(1.5f).addFloatData(2f))
        .addInitializer(floats("fcw", r, 5, 36)).addInitializer(floats("fcb", r, 5))
        .addInitializer(longs("pads", 0, 0, 1, 1, 0, 0, 1, 1)).addInitializer(longs("zero", 0))
        .addInitializer(longs("minus1", -1))
        .addInitializer(TensorProto.newBuilder().setName("lo").setDataType(1).setRawData(
            com.google.protobuf.ByteString.copyFrom(new byte[4])).build())
        .addInitializer(TensorProto.newBuilder().setName("hi").setDataType(1).addFloatData(6f).build())
        .addNode(node("Pad", "pad", new String[] {"x", "pads"}, "xp"))
        .addNode(node("Conv", "conv", new String[] {"xp", "w", "b"}, "c", ints("kernel_shape", 3, 3)))
        .addNode(node("BatchNormalization", "bn", new String[] {"c", "scale", "shift", "mean", "var"}, "n"))
        .addNode(node("Clip", "clip", new String[] {"n", "lo", "hi"}, "a"))
        .addNode(node("MaxPool", "pool", new String[] {"a"}, "p", ints("kernel_shape", 2, 2), ints("strides", 3, 3),
            integer("ceil_mode", 1)))
        .addNode(node("Shape", "shape", new String[] {"p"}, "s"))
        .addNode(node("Gather", "gather", new String[] {"s", "zero"}, "n0", integer("axis", 0)))
        .addNode(node("Concat", "cat", new String[] {"n0", "minus1"}, "target", integer("axis", 0)))
        .addNode(node("Reshape", "reshape", new String[] {"p", "target"}, "flat"))
        .addNode(node("Gemm", "fc", new String[] {"flat", "fcw", "fcb"}, "scores", integer("transB", 1)))
        .addNode(node("Softmax", "softmax", new String[] {"scores"}, "prob"))
        .addOutput(tensor("prob", -1, 5))
        .build();
    return model(13, g);
  }
}
