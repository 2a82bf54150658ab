package dev.convoy.formats.onnx;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.formats.onnx.gen.NodeProto;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Maps ONNX operators on computed tensors to Convoy layers: Conv, pools, Gemm/MatMul as FC,
 * activations, normalizations, merges, Mul ({@link MulImport}) and the layout operators
 * ({@link LayoutImport}). Weights must be constants (initializers or folded values); they become
 * the new node's parameters.
 */
final class Operators {
  static final Set<String> OPS = Set.of("Conv", "MaxPool", "AveragePool", "LpPool", "GlobalAveragePool",
      "GlobalMaxPool", "Gemm", "MatMul", "Flatten", "Reshape", "Relu", "LeakyRelu", "Clip", "Sigmoid", "Tanh",
      "Softmax", "BatchNormalization", "LRN", "Add", "Mul", "Concat", "Dropout", "Identity", "Pad", "Squeeze",
      "Unsqueeze", "Transpose", "ReduceMean", "ReduceMax", "HardSigmoid", "HardSwish");

  private final GraphImport graph;
  private final LayoutImport layout;
  private final MulImport mul;

  Operators(GraphImport graph) {
    this.graph = graph;
    this.layout = new LayoutImport(graph);
    this.mul = new MulImport(graph);
  }

  Value convert(NodeProto node, String where, String op, int opset, NodeAttributes at, List<Value> in) {
    String out = node.getOutput(0);
    Value.Live x = in.get(0) instanceof Value.Live first ? first : live(where, in, in.size() > 1 ? 1 : 0);
    if (x.shape().rank() < 2) {
      throw new ConvoyException(where + ": input has shape " + x.shape() + "; Convoy needs [N, C, ...] here");
    }
    // Pad's zeros are what these pad with too (AveragePool counts them as count_include_pad=1 does).
    if (!op.equals("Conv") && !op.equals("AveragePool") && !op.equals("LpPool") && x.pad() != null) {
      throw new ConvoyException(where + " reads the output of Pad " + x.padNode() + "; Convoy folds a Pad only into"
          + " the Conv, AveragePool or LpPool that follows it");
    }
    if (node.getOutputCount() > 1 && !op.equals("Dropout") && !op.equals("BatchNormalization")) {
      throw new ConvoyException(where + " has " + node.getOutputCount() + " outputs; Convoy supports only the first");
    }
    return switch (op) {
      case "Conv" -> conv(out, where, at, x, in);
      case "MaxPool", "AveragePool" -> pool(out, where, op, op, opset, at, x);
      case "LpPool" -> lpPool(out, where, opset, at, x);
      case "GlobalAveragePool", "GlobalMaxPool", "Relu", "Sigmoid", "Tanh" -> graph.add(out, LayerSpec.of(op), List.of(x));
      case "LeakyRelu" -> graph.add(out, LayerSpec.of("LeakyRelu").with("alpha", at.getFloat("alpha", 0.01f)),
          List.of(x));
      case "Clip" -> clip(out, where, opset, at, x, in);
      case "Gemm" -> gemm(out, where, at, x, in);
      case "MatMul" -> matMul(out, where, x, in);
      case "Flatten" -> layout.flatten(out, where, at.getSmallInt("axis", 1), x);
      case "Reshape" -> layout.reshape(out, where, x, constant(where, in, 1, "shape").asLongs(),
          at.getInt("allowzero", 0) == 1);
      case "Squeeze", "Unsqueeze" -> layout.squeezeOrUnsqueeze(out, where, op.equals("Squeeze"), x,
          opset >= 13 ? optionalLongs(where, in, 1, "axes") : at.ints("axes"));
      case "Transpose" -> layout.transpose(out, where, x, at.smallInts("perm", -64, 64));
      case "Softmax" -> softmax(out, where, opset, at, x);
      case "BatchNormalization" -> batchNorm(out, where, at, x, in);
      case "LRN" -> graph.add(out, LayerSpec.of("LRN").with("size", at.getSmallInt("size", 0))
          .with("alpha", at.getFloat("alpha", 1e-4f)).with("beta", at.getFloat("beta", 0.75f))
          .with("bias", at.getFloat("bias", 1f)), List.of(x));
      case "Add" -> add(out, where, in);
      case "Mul" -> mul.mul(out, where, in);
      case "Concat" -> concat(out, where, at, in);
      case "ReduceMean", "ReduceMax" -> reduceSpatial(out, where, op, opset, at, x, in);
      case "HardSigmoid" -> hardSigmoid(out, x, at.getFloat("alpha", 0.2f), at.getFloat("beta", 0.5f));
      // HardSwish (opset 14) is x * HardSigmoid(x) with alpha 1/6; opset 13 exports spell it out so.
      case "HardSwish" -> graph.add(out, LayerSpec.of("Mul"), List.of(x, hardSigmoid(out + "/hardsigmoid", x,
          1f / 6, 0.5f)));
      case "Dropout", "Identity" -> x;
      case "Pad" -> pad(where, opset, at, x, in);
      default -> throw new ConvoyException(where + ": " + op + " on a computed tensor is not supported");
    };
  }

  private static Value.Live live(String where, List<Value> in, int i) {
    if (in.size() <= i || !(in.get(i) instanceof Value.Live v)) {
      throw new ConvoyException(where + ": input " + i + " must be a computed tensor");
    }
    return v;
  }

  private static ConstTensor constant(String where, List<Value> in, int i, String role) {
    if (in.size() <= i || !(in.get(i) instanceof Value.Const c)) {
      throw new ConvoyException(where + ": input " + i + " (" + role + ") must be a constant (an initializer)");
    }
    return c.tensor();
  }

  private static ConstTensor optionalConstant(String where, List<Value> in, int i, String role) {
    return in.size() > i && in.get(i) != null ? constant(where, in, i, role) : null;
  }

  private static long[] optionalLongs(String where, List<Value> in, int i, String role) {
    ConstTensor t = optionalConstant(where, in, i, role);
    return t == null ? null : t.asLongs();
  }

  private void param(String node, String name, ConstTensor t) {
    graph.parameters.put(node + "." + name, t.asFloats());
  }

  private static void requireRank(String where, Value.Live x, int rank) {
    if (x.shape().rank() != rank) {
      throw new ConvoyException(where + ": input has shape " + x.shape() + "; Convoy supports rank " + rank + " here");
    }
  }

  /** ONNX pads [x1_begin, x2_begin, x1_end, x2_end] are Convoy's [top, left, bottom, right]; auto_pad resolved. */
  private static int[] pads(String where, NodeAttributes at, Shape in, int[] kernel, int[] stride, int[] dilation) {
    String autoPad = at.getString("auto_pad", "NOTSET");
    int[] p = at.smallInts("pads", 0, 1 << 16);
    switch (autoPad) {
      case "NOTSET" -> {
        if (p == null) {
          return new int[4];
        }
        if (p.length != 4) {
          throw new ConvoyException(where + ": pads " + Arrays.toString(p) + " must have 4 values for a 2-D input");
        }
        return p;
      }
      case "VALID" -> {
        return new int[4];
      }
      case "SAME_UPPER", "SAME_LOWER" -> {
        int[] out = new int[4];
        int[] size = {in.h(), in.w()};
        for (int i = 0; i < 2; i++) {
          long outSize = (size[i] + stride[i] - 1L) / stride[i];
          long total = Math.max(0, (outSize - 1) * stride[i] + (kernel[i] - 1L) * dilation[i] + 1 - size[i]);
          int small = (int) (total / 2);
          int large = (int) (total - small);
          out[i] = autoPad.equals("SAME_UPPER") ? small : large;
          out[i + 2] = autoPad.equals("SAME_UPPER") ? large : small;
        }
        return out;
      }
      default -> throw new ConvoyException(where + ": auto_pad '" + autoPad + "' is not one of NOTSET, SAME_UPPER,"
          + " SAME_LOWER, VALID");
    }
  }

  private static int[] pair(String where, NodeAttributes at, String name, int fallback) {
    int[] v = at.smallInts(name, 1, 1 << 16);
    if (v == null) {
      return new int[] {fallback, fallback};
    }
    if (v.length != 2) {
      throw new ConvoyException(where + ": " + name + " " + Arrays.toString(v) + " must have 2 values; Convoy supports"
          + " 2-D convolution and pooling");
    }
    return v;
  }

  private static int[] withPending(int[] pads, Value.Live x) {
    if (x.pad() == null) {
      return pads;
    }
    int[] out = pads.clone();
    for (int i = 0; i < 4; i++) {
      out[i] += x.pad()[i];
    }
    return out;
  }

  private static Value.Live unpadded(Value.Live x) {
    return new Value.Live(x.name(), x.shape());
  }

  private Value conv(String out, String where, NodeAttributes at, Value.Live x, List<Value> in) {
    requireRank(where, x, 4);
    ConstTensor w = constant(where, in, 1, "weight");
    ConstTensor b = optionalConstant(where, in, 2, "bias");
    if (w.rank() != 4) {
      throw new ConvoyException(where + ": weight " + w + " must be [K, C/group, kh, kw]");
    }
    int group = at.getSmallInt("group", 1);
    int[] kernel = at.has("kernel_shape") ? pair(where, at, "kernel_shape", 1)
        : new int[] {(int) w.dims()[2], (int) w.dims()[3]};
    if (kernel[0] != w.dims()[2] || kernel[1] != w.dims()[3]) {
      throw new ConvoyException(where + ": kernel_shape " + Arrays.toString(kernel) + " does not match weight " + w);
    }
    int[] stride = pair(where, at, "strides", 1);
    int[] dilation = pair(where, at, "dilations", 1);
    int filters = (int) w.dims()[0];
    if (b != null && (b.size() != filters)) {
      throw new ConvoyException(where + ": bias " + b + " must hold " + filters + " values, one per filter");
    }
    if (group < 1 || (long) w.dims()[1] * group != x.shape().c()) {
      throw new ConvoyException(where + ": weight " + w + " with group=" + group + " does not fit input "
          + x.shape());
    }
    int[] pads = withPending(pads(where, at, x.shape(), kernel, stride, dilation), x);
    LayerSpec spec = LayerSpec.of("Conv").with("filters", filters).with("kernel", kernel).with("stride", stride)
        .with("pad", pads).with("dilation", dilation).with("groups", group).with("bias", b != null ? 1 : 0)
        .with("round", "floor");
    Value.Live y = graph.add(out, spec, List.of(unpadded(x)));
    param(out, "weight", w);
    if (b != null) {
      param(out, "bias", b);
    }
    return y;
  }

  /** LpPool with p = 2 is Convoy's L2Pool, {@code sqrt(sum of squares)} over each window. */
  private Value lpPool(String out, String where, int opset, NodeAttributes at, Value.Live x) {
    long p = at.getInt("p", 2);
    if (p != 2) {
      throw new ConvoyException(where + ": LpPool with p=" + p + " is not supported (only p=2, Convoy's L2Pool)");
    }
    return pool(out, where, "LpPool", "L2Pool", opset, at, x);
  }

  /** ONNX pooling {@code op} as Convoy layer {@code type}. */
  private Value pool(String out, String where, String op, String type, int opset, NodeAttributes at, Value.Live x) {
    requireRank(where, x, 4);
    if (!at.has("kernel_shape")) {
      throw new ConvoyException(where + ": " + op + " needs kernel_shape");
    }
    int[] kernel = pair(where, at, "kernel_shape", 1);
    int[] stride = pair(where, at, "strides", 1);
    int[] dilation = pair(where, at, "dilations", 1);
    if (dilation[0] != 1 || dilation[1] != 1) {
      throw new ConvoyException(where + ": pooling with dilations " + Arrays.toString(dilation) + " is not supported");
    }
    int[] own = pads(where, at, x.shape(), kernel, stride, dilation);
    boolean ceil = opset >= 10 && at.getInt("ceil_mode", 0) == 1;
    LayerSpec spec = LayerSpec.of(type).with("kernel", kernel).with("stride", stride)
        .with("round", ceil ? "ceil" : "floor");
    if (op.equals("AveragePool")) {
      long include = at.getInt("count_include_pad", 0);
      if (x.pad() != null) {
        // Pad's zeros always count; the pool's own padding counts only with count_include_pad.
        if (include == 0 && Arrays.stream(own).anyMatch(p -> p != 0)) {
          throw new ConvoyException(where + ": cannot fold Pad " + x.padNode() + " into an AveragePool that has pads"
              + " of its own and count_include_pad=0");
        }
        include = 1;
      }
      spec = spec.with("count_include_pad", (int) include);
    }
    spec = spec.with("pad", withPending(own, x));
    return graph.add(out, spec, List.of(unpadded(x)));
  }

  private Value clip(String out, String where, int opset, NodeAttributes at, Value.Live x, List<Value> in) {
    float min;
    float max;
    if (opset < 11) {
      min = at.getFloat("min", -Float.MAX_VALUE);
      max = at.getFloat("max", Float.MAX_VALUE);
    } else {
      ConstTensor lo = optionalConstant(where, in, 1, "min");
      ConstTensor hi = optionalConstant(where, in, 2, "max");
      min = lo == null ? -Float.MAX_VALUE : scalar(where, lo, "min");
      max = hi == null ? Float.MAX_VALUE : scalar(where, hi, "max");
    }
    return graph.add(out, LayerSpec.of("Clip").with("min", min).with("max", max), List.of(x));
  }

  private static float scalar(String where, ConstTensor t, String role) {
    if (t.size() != 1) {
      throw new ConvoyException(where + ": " + role + " must be a single value, got " + t);
    }
    return (float) t.get(0);
  }

  private Value gemm(String out, String where, NodeAttributes at, Value.Live x, List<Value> in) {
    requireRank(where, x, 2);
    if (at.getInt("transA", 0) != 0) {
      throw new ConvoyException(where + ": Gemm with transA=1 on a computed tensor is not supported");
    }
    ConstTensor b = constant(where, in, 1, "B");
    ConstTensor c = optionalConstant(where, in, 2, "C");
    if (b.rank() != 2) {
      throw new ConvoyException(where + ": B " + b + " must be a matrix");
    }
    boolean transB = at.getInt("transB", 0) != 0;
    float alpha = at.getFloat("alpha", 1f);
    float beta = at.getFloat("beta", 1f);
    int d = (int) (transB ? b.dims()[1] : b.dims()[0]);
    int units = (int) (transB ? b.dims()[0] : b.dims()[1]);
    if (d != x.shape().dim(1)) {
      throw new ConvoyException(where + ": B " + b + " does not fit input " + x.shape());
    }
    float[] weight = transB ? b.asFloats() : transpose(b.asFloats(), d, units);
    if (alpha != 1f) {
      for (int i = 0; i < weight.length; i++) {
        weight[i] *= alpha;
      }
    }
    float[] bias = null;
    if (c != null) {
      if (c.size() != units || (c.rank() == 2 && c.dims()[1] != units)) {
        throw new ConvoyException(where + ": C " + c + " must hold one value per output unit (" + units
            + "); other broadcasts are not supported");
      }
      bias = c.asFloats();
      for (int i = 0; i < bias.length; i++) {
        bias[i] *= beta;
      }
    }
    return fc(out, x, units, weight, bias);
  }

  private Value matMul(String out, String where, Value.Live x, List<Value> in) {
    requireRank(where, x, 2);
    ConstTensor b = constant(where, in, 1, "B");
    if (b.rank() != 2 || b.dims()[0] != x.shape().dim(1)) {
      throw new ConvoyException(where + ": B " + b + " must be a [" + x.shape().dim(1) + ", units] matrix");
    }
    int units = (int) b.dims()[1];
    return fc(out, x, units, transpose(b.asFloats(), (int) b.dims()[0], units), null);
  }

  private Value fc(String out, Value.Live x, int units, float[] weight, float[] bias) {
    Value.Live y = graph.add(out, LayerSpec.of("FC").with("units", units).with("bias", bias != null ? 1 : 0),
        List.of(x));
    graph.parameters.put(out + ".weight", weight);
    if (bias != null) {
      graph.parameters.put(out + ".bias", bias);
    }
    return y;
  }

  private static float[] transpose(float[] m, int rows, int cols) {
    float[] t = new float[m.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = m[r * cols + c];
      }
    }
    return t;
  }

  private Value softmax(String out, String where, int opset, NodeAttributes at, Value.Live x) {
    int rank = x.shape().rank();
    int axis = at.getSmallInt("axis", opset >= 13 ? -1 : 1);
    int normalized = axis < 0 ? axis + rank : axis;
    if (rank != 2 || normalized != 1) {
      throw new ConvoyException(where + ": Softmax over axis " + axis + " of " + x.shape() + " is not supported;"
          + " Convoy's Softmax normalizes the class axis of an [N, K] tensor");
    }
    return graph.add(out, LayerSpec.of("Softmax"), List.of(x));
  }

  private Value batchNorm(String out, String where, NodeAttributes at, Value.Live x, List<Value> in) {
    if (at.getInt("training_mode", 0) != 0) {
      throw new ConvoyException(where + ": BatchNormalization in training mode is not supported; export in eval mode");
    }
    int c = x.shape().dim(1);
    ConstTensor[] p = new ConstTensor[4];
    String[] roles = {"scale", "B", "mean", "var"};
    for (int i = 0; i < 4; i++) {
      p[i] = constant(where, in, i + 1, roles[i]);
      if (p[i].size() != c) {
        throw new ConvoyException(where + ": " + roles[i] + " " + p[i] + " must hold " + c + " values, one per channel");
      }
    }
    LayerSpec spec = LayerSpec.of("BatchNorm").with("epsilon", at.getFloat("epsilon", 1e-5f))
        .with("momentum", 1f - at.getFloat("momentum", 0.9f));
    Value.Live y = graph.add(out, spec, List.of(x));
    param(out, "weight", p[0]);
    param(out, "bias", p[1]);
    param(out, "running_mean", p[2]);
    param(out, "running_var", p[3]);
    return y;
  }

  private Value add(String out, String where, List<Value> in) {
    if (in.size() == 2 && in.get(0) instanceof Value.Live a && in.get(1) instanceof Value.Live b) {
      if (a.pad() != null || b.pad() != null) {
        throw new ConvoyException(where + ": Add of a padded tensor is not supported");
      }
      return graph.add(out, LayerSpec.of("Add"), List.of(a, b));
    }
    Value.Live x = in.get(0) instanceof Value.Live l ? l : live(where, in, 1);
    ConstTensor c = constant(where, in, in.get(0) instanceof Value.Live ? 1 : 0, "addend");
    return addBias(where, x, c);
  }

  /** x + c where x comes from a bias-free FC or Conv read by nothing else: c (one value or one per channel) becomes its bias. */
  private Value addBias(String where, Value.Live x, ConstTensor c) {
    LayerSpec spec = graph.specs.get(x.name());
    boolean foldable = spec != null && (spec.type().equals("FC") || spec.type().equals("Conv"))
        && spec.attributes().getInt("bias", 1) == 0 && graph.consumers.getOrDefault(x.name(), 0) == 1;
    if (!foldable) {
      throw new ConvoyException(where + ": adding a constant " + c + " to " + x.shape() + " is supported only as the"
          + " bias of a bias-free MatMul, Gemm or Conv just before it (a Mul by a constant is such a Conv)");
    }
    float[] bias = MulImport.channelValues(where, "Add", x.shape(), c);
    graph.specs.put(x.name(), spec.with("bias", 1));
    graph.parameters.put(x.name() + ".bias", bias);
    return x;
  }

  /**
   * ReduceMean or ReduceMax over the spatial axes of an [N, C, H, W] tensor (MNASNet and
   * EfficientNet's heads, squeeze-and-excitation) is a global average or max pool, flattened to
   * [N, C] without keepdims. Axes come as an attribute, or from opset 18 as an input.
   */
  private Value reduceSpatial(String out, String where, String op, int opset, NodeAttributes at, Value.Live x,
      List<Value> in) {
    requireRank(where, x, 4);
    long[] axes = opset >= 18 ? optionalLongs(where, in, 1, "axes") : at.ints("axes");
    java.util.Set<Long> reduced = new java.util.TreeSet<>();
    if (axes != null) {
      for (long axis : axes) {
        reduced.add(axis < 0 ? axis + 4 : axis);
      }
    }
    if (!reduced.equals(java.util.Set.of(2L, 3L))) {
      throw new ConvoyException(where + ": " + op + " over axes " + Arrays.toString(axes) + " of " + x.shape()
          + " is not supported (only the spatial axes [2, 3])");
    }
    String pool = op.equals("ReduceMean") ? "GlobalAveragePool" : "GlobalMaxPool";
    if (at.getInt("keepdims", 1) == 1) {
      return graph.add(out, LayerSpec.of(pool), List.of(x));
    }
    Value.Live pooled = graph.add(out + "/" + pool, LayerSpec.of(pool), List.of(x));
    return layout.flatten(out, where, 1, pooled);
  }

  /** {@code clip(alpha * x + beta, 0, 1)}: a depthwise 1x1 Conv (weight alpha, bias beta), then a Clip. */
  private Value.Live hardSigmoid(String out, Value.Live x, float alpha, float beta) {
    Value.Live line = mul.affine(out + "/affine", x, alpha, beta);
    return graph.add(out, LayerSpec.of("Clip").with("min", 0f).with("max", 1f), List.of(line));
  }

  private Value concat(String out, String where, NodeAttributes at, List<Value> in) {
    List<Value.Live> parts = new java.util.ArrayList<>();
    for (int i = 0; i < in.size(); i++) {
      Value.Live v = live(where, in, i);
      if (v.pad() != null) {
        throw new ConvoyException(where + ": Concat of a padded tensor is not supported");
      }
      parts.add(v);
    }
    if (parts.size() == 1) {
      return parts.getFirst(); // DenseNet's first dense layer concatenates a single tensor
    }
    int rank = parts.getFirst().shape().rank();
    int axis = at.getSmallInt("axis", 1);
    if ((axis < 0 ? axis + rank : axis) != 1) {
      throw new ConvoyException(where + ": Concat along axis " + axis + " is not supported (only axis 1, channels)");
    }
    return graph.add(out, LayerSpec.of("Concat").with("axis", 1), parts);
  }

  private Value pad(String where, int opset, NodeAttributes at, Value.Live x, List<Value> in) {
    requireRank(where, x, 4);
    String mode = at.getString("mode", "constant");
    if (!mode.equals("constant")) {
      throw new ConvoyException(where + ": Pad mode '" + mode + "' is not supported (only constant zeros)");
    }
    long[] pads;
    float value;
    if (opset < 11) {
      pads = at.ints(opset < 2 ? "paddings" : "pads");
      value = at.getFloat("value", 0f);
    } else {
      pads = constant(where, in, 1, "pads").asLongs();
      ConstTensor v = optionalConstant(where, in, 2, "constant_value");
      value = v == null ? 0f : scalar(where, v, "constant_value");
      ConstTensor axes = optionalConstant(where, in, 3, "axes");
      if (axes != null) {
        pads = expandAxes(where, pads, axes.asLongs());
      }
    }
    if (pads == null || pads.length != 8) {
      throw new ConvoyException(where + ": pads must have 8 values for an NCHW tensor");
    }
    if (value != 0f) {
      throw new ConvoyException(where + ": Pad with constant " + value + " is not supported (only zeros)");
    }
    if (pads[0] != 0 || pads[1] != 0 || pads[4] != 0 || pads[5] != 0) {
      throw new ConvoyException(where + ": Pad of the batch or channel axis " + Arrays.toString(pads)
          + " is not supported");
    }
    int[] mine = new int[4];
    long[] hw = {pads[2], pads[3], pads[6], pads[7]};
    for (int i = 0; i < 4; i++) {
      if (hw[i] < 0 || hw[i] > (1 << 16)) {
        throw new ConvoyException(where + ": pads " + Arrays.toString(pads) + " must be between 0 and 65536");
      }
      mine[i] = (int) hw[i] + (x.pad() == null ? 0 : x.pad()[i]);
    }
    return new Value.Live(x.name(), x.shape(), mine, where);
  }

  private static long[] expandAxes(String where, long[] pads, long[] axes) {
    if (pads.length != 2 * axes.length) {
      throw new ConvoyException(where + ": pads must hold two values per axis");
    }
    long[] full = new long[8];
    for (int i = 0; i < axes.length; i++) {
      int a = ConstantFolder.axis(where, axes[i], 4);
      full[a] = pads[i];
      full[a + 4] = pads[i + axes.length];
    }
    return full;
  }
}
