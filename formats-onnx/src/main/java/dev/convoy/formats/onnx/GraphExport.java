package dev.convoy.formats.onnx;

import static dev.convoy.formats.onnx.ProtoBuilders.integer;
import static dev.convoy.formats.onnx.ProtoBuilders.ints;
import static dev.convoy.formats.onnx.ProtoBuilders.real;

import dev.convoy.api.Attributes;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.ParamSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.support.Padding;
import dev.convoy.formats.onnx.gen.AttributeProto;
import dev.convoy.formats.onnx.gen.GraphProto;
import dev.convoy.formats.onnx.gen.NodeProto;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.NetworkInput;
import dev.convoy.runtime.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One export of a Convoy network to an ONNX graph (opset {@value OnnxExporter#OPSET}): each node
 * becomes the ONNX operator that computes the same thing, its parameters become initializers named
 * {@code node.param}, and nodes the outputs do not need (a loss and its labels) are left out.
 */
final class GraphExport {
  /** Convoy layer types with a direct ONNX operator. */
  static final Set<String> TYPES = Set.of("Conv", "FC", "MaxPool", "AveragePool", "L2Pool", "GlobalAveragePool",
      "GlobalMaxPool", "Relu", "LeakyRelu", "Clip", "Relu6", "Sigmoid", "Tanh", "Softmax", "BatchNorm", "LRN", "Add",
      "Mul", "Concat", "Flatten", "Reshape", "Transpose", "Dropout");

  /** Why a layer type Convoy knows has no ONNX operator, for the refusal's message. */
  private static final Map<String, String> WHY_NOT = Map.of(
      "LocallyConnected", "ONNX has no locally connected operator (a Conv with its own filters at every output"
          + " position); it would take a patch-extracting Conv, a batched MatMul and Transposes, which no tool reads"
          + " back as one layer",
      "SoftmaxCrossEntropy", "a training loss; export the scores, not the loss",
      "MulticlassSvm", "a training loss; export the scores, not the loss");

  private final Network network;
  private final Map<String, float[]> parameters;
  private final GraphProto.Builder graph = GraphProto.newBuilder();
  /** Convoy value name -> ONNX value name; they differ only where a node is dropped (Dropout). */
  private final Map<String, String> aliases = new HashMap<>();

  GraphExport(Network network, Map<String, float[]> parameters) {
    this.network = network;
    this.parameters = parameters;
  }

  GraphProto run(String name) {
    Set<String> needed = network.ancestors(network.outputs());
    List<Node> nodes = network.nodes().stream().filter(n -> needed.contains(n.name())).toList();
    checkSupported(nodes);
    graph.setName(name);
    for (NetworkInput in : network.inputs()) {
      if (needed.contains(in.name())) {
        graph.addInput(ProtoBuilders.batched(in.name(), in.shape()));
      }
    }
    for (Node node : nodes) {
      convert(node);
    }
    for (String out : network.outputs()) {
      String value = value(out);
      if (!value.equals(out)) {
        // A dropped node's name is still what the graph promises to return.
        graph.addNode(node("Identity", out, List.of(value), out));
      }
      graph.addOutput(ProtoBuilders.batched(out, network.shape(out)));
    }
    return graph.build();
  }

  private void checkSupported(List<Node> nodes) {
    Map<String, List<String>> unsupported = new TreeMap<>();
    for (Node node : nodes) {
      if (!TYPES.contains(node.spec().type())) {
        unsupported.computeIfAbsent(node.spec().type(), t -> new ArrayList<>()).add(node.name());
      }
    }
    if (!unsupported.isEmpty()) {
      StringBuilder sb = new StringBuilder("the network has layers with no ONNX operator: ");
      unsupported.forEach((type, names) -> sb.append(type).append(" (nodes ")
          .append(String.join(", ", names.subList(0, Math.min(5, names.size()))))
          .append(WHY_NOT.containsKey(type) ? ": " + WHY_NOT.get(type) : "").append(") "));
      throw new ConvoyException(sb.toString().strip() + "; ONNX export supports " + new java.util.TreeSet<>(TYPES));
    }
  }

  private void convert(Node node) {
    String name = node.name();
    Attributes a = node.spec().attributes();
    List<String> in = node.inputs().stream().map(this::value).toList();
    switch (node.spec().type()) {
      case "Conv" -> conv(node, a, in.getFirst());
      case "FC" -> fc(node, a, in.getFirst());
      case "MaxPool", "AveragePool" -> pool(node, a, in.getFirst());
      case "L2Pool" -> lpPool(node, a, in.getFirst());
      case "GlobalAveragePool", "GlobalMaxPool", "Relu", "Sigmoid", "Tanh" ->
          graph.addNode(node(node.spec().type(), name, in, name));
      case "LeakyRelu" -> graph.addNode(node("LeakyRelu", name, in, name, real("alpha", a.getFloat("alpha", 0.01f))));
      case "Clip" -> clip(name, in.getFirst(), a.has("min") ? a.getFloat("min", 0f) : null,
          a.has("max") ? a.getFloat("max", 0f) : null);
      case "Relu6" -> clip(name, in.getFirst(), 0f, 6f);
      case "Softmax" -> graph.addNode(node("Softmax", name, in, name, integer("axis", 1)));
      case "BatchNorm" -> batchNorm(node, a, in.getFirst());
      case "LRN" -> graph.addNode(node("LRN", name, in, name, integer("size", a.getInt("size", 0)),
          real("alpha", a.getFloat("alpha", 1e-4f)), real("beta", a.getFloat("beta", 0.75f)),
          real("bias", a.getFloat("bias", 1f))));
      case "Add" -> add(name, in);
      case "Mul" -> graph.addNode(node("Mul", name, in, name));
      case "Reshape" -> reshape(name, in.getFirst(), network.shape(name));
      case "Transpose" -> graph.addNode(node("Transpose", name, in, name,
          ints("perm", a.ints("perm", network.shape(name).rank(), 0))));
      case "Concat" -> graph.addNode(node("Concat", name, in, name, integer("axis", 1)));
      case "Flatten" -> graph.addNode(node("Flatten", name, in, name, integer("axis", 1)));
      case "Dropout" -> aliases.put(name, in.getFirst()); // inference: the identity
      default -> throw new IllegalStateException("checked in checkSupported: " + node.spec().type());
    }
  }

  /** The ONNX value that holds Convoy value {@code name}. */
  private String value(String name) {
    return aliases.getOrDefault(name, name);
  }

  private void conv(Node node, Attributes a, String x) {
    String name = node.name();
    List<String> in = new ArrayList<>(List.of(x, initializer(node, "weight")));
    if (a.getInt("bias", 1) == 1) {
      in.add(initializer(node, "bias"));
    }
    Padding p = Padding.parse(name, a);
    graph.addNode(node("Conv", name, in, name, ints("kernel_shape", a.ints("kernel", 2, 1)),
        ints("strides", a.ints("stride", 2, 1)), ints("pads", p.top(), p.left(), p.bottom(), p.right()),
        ints("dilations", a.ints("dilation", 2, 1)), integer("group", a.getInt("groups", 1))));
  }

  private void fc(Node node, Attributes a, String x) {
    String name = node.name();
    String flat = x;
    Shape inShape = network.shape(node.inputs().getFirst());
    if (inShape.rank() != 2) {
      // Convoy's FC reads every value of an item in row-major order, which is what Flatten(axis=1) gives.
      flat = name + "/flatten";
      graph.addNode(node("Flatten", flat, List.of(x), flat, integer("axis", 1)));
    }
    List<String> in = new ArrayList<>(List.of(flat, initializer(node, "weight")));
    if (a.getInt("bias", 1) == 1) {
      in.add(initializer(node, "bias"));
    }
    graph.addNode(node("Gemm", name, in, name, integer("transB", 1)));
  }

  private void pool(Node node, Attributes a, String x) {
    String name = node.name();
    int[] kernel = a.ints("kernel", 2, 1);
    int[] stride = a.has("stride") ? a.ints("stride", 2, 1) : kernel.clone();
    Padding p = Padding.parse(name, a);
    boolean ceil = a.getString("round", "exact").equals("ceil");
    List<AttributeProto> at = new ArrayList<>(List.of(ints("kernel_shape", kernel), ints("strides", stride),
        ints("pads", p.top(), p.left(), p.bottom(), p.right()), integer("ceil_mode", ceil ? 1 : 0)));
    if (node.spec().type().equals("AveragePool")) {
      at.add(integer("count_include_pad", a.getInt("count_include_pad", 0)));
    }
    graph.addNode(node(node.spec().type(), name, List.of(x), name, at.toArray(AttributeProto[]::new)));
  }

  /**
   * L2Pool as LpPool with p = 2. Opset 13's LpPool has no ceil_mode, but zero padding adds nothing
   * to a sum of squares, so a ceil-mode pool becomes one with more padding at the end.
   */
  private void lpPool(Node node, Attributes a, String x) {
    String name = node.name();
    int[] kernel = a.ints("kernel", 2, 1);
    int[] stride = a.has("stride") ? a.ints("stride", 2, 1) : kernel.clone();
    Padding p = Padding.parse(name, a);
    Shape in = network.shape(node.inputs().getFirst());
    Shape out = network.shape(name);
    int bottom = endPadding(in.h(), out.h(), kernel[0], stride[0], p.top(), p.bottom());
    int right = endPadding(in.w(), out.w(), kernel[1], stride[1], p.left(), p.right());
    graph.addNode(node("LpPool", name, List.of(x), name, ints("kernel_shape", kernel), ints("strides", stride),
        ints("pads", p.top(), p.left(), bottom, right), integer("p", 2)));
  }

  /**
   * The end padding with which ONNX's {@code floor((in + begin + end - k) / s) + 1} counts the
   * {@code out} windows Convoy has: {@code end} itself unless Convoy rounded up, then just enough for
   * the last window, which starts inside the input and so needs less than {@code k}.
   */
  static int endPadding(int in, int out, int k, int s, int begin, int end) {
    if ((in + begin + end - k) / s + 1 == out) {
      return end;
    }
    return (out - 1) * s + k - in - begin;
  }

  /** ONNX's Reshape target is the whole shape; 0 copies the (symbolic) batch size. */
  private void reshape(String name, String x, Shape out) {
    long[] target = new long[out.rank()];
    for (int i = 1; i < target.length; i++) {
      target[i] = out.dim(i);
    }
    String shape = name + "/shape";
    graph.addInitializer(ProtoBuilders.longs(shape, target));
    graph.addNode(node("Reshape", name, List.of(x, shape), name));
  }

  /** Opset 13's Clip takes its bounds as inputs; a missing bound is an empty input name. */
  private void clip(String name, String x, Float min, Float max) {
    List<String> in = new ArrayList<>(List.of(x));
    in.add(min == null ? "" : scalar(name + "/min", min));
    if (max != null) {
      in.add(scalar(name + "/max", max));
    }
    graph.addNode(node("Clip", name, in, name));
  }

  private void batchNorm(Node node, Attributes a, String x) {
    List<String> in = List.of(x, initializer(node, "weight"), initializer(node, "bias"),
        initializer(node, "running_mean"), initializer(node, "running_var"));
    // ONNX's momentum weighs the old running value; Convoy's (PyTorch's) weighs the new batch.
    graph.addNode(node("BatchNormalization", node.name(), in, node.name(), real("epsilon", a.getFloat("epsilon", 1e-5f)),
        real("momentum", 1f - a.getFloat("momentum", 0.1f))));
  }

  /** ONNX's Add is binary: one input is the identity, three or more a chain. */
  private void add(String name, List<String> in) {
    if (in.size() == 1) {
      graph.addNode(node("Identity", name, in, name));
      return;
    }
    String sum = in.getFirst();
    for (int i = 1; i < in.size(); i++) {
      String out = i == in.size() - 1 ? name : name + "/sum" + i;
      graph.addNode(node("Add", out, List.of(sum, in.get(i)), out));
      sum = out;
    }
  }

  /** Adds the initializer for parameter {@code param} of {@code node} and returns its name. */
  private String initializer(Node node, String param) {
    String qualified = node.qualify(param);
    ParamSpec spec = node.layer().parameters().stream().filter(p -> p.name().equals(param)).findFirst()
        .orElseThrow(() -> new ConvoyException(node.name() + " (" + node.spec().type() + ") has no parameter '"
            + param + "'"));
    float[] values = parameters.get(qualified);
    if (values == null) {
      throw new ConvoyException("no values for parameter " + qualified + " (given: "
          + String.join(", ", parameters.keySet()) + ")");
    }
    if (values.length != spec.shape().size()) {
      throw new ConvoyException("parameter " + qualified + " holds " + values.length + " values but "
          + node.name() + " needs " + spec.shape());
    }
    graph.addInitializer(ProtoBuilders.floats(qualified, spec.shape().dims(), values));
    return qualified;
  }

  private String scalar(String name, float value) {
    graph.addInitializer(ProtoBuilders.floats(name, new int[0], new float[] {value}));
    return name;
  }

  private static NodeProto node(String op, String name, List<String> inputs, String output,
      AttributeProto... attributes) {
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(output);
    for (AttributeProto a : attributes) {
      n.addAttribute(a);
    }
    return n.build();
  }
}
