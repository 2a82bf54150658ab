package dev.convoy.formats.onnx;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.formats.onnx.gen.AttributeProto;
import dev.convoy.formats.onnx.gen.GraphProto;
import dev.convoy.formats.onnx.gen.ModelProto;
import dev.convoy.formats.onnx.gen.NodeProto;
import dev.convoy.formats.onnx.gen.OperatorSetIdProto;
import dev.convoy.formats.onnx.gen.StringStringEntryProto;
import dev.convoy.formats.onnx.gen.TensorProto;
import dev.convoy.formats.onnx.gen.TensorShapeProto;
import dev.convoy.formats.onnx.gen.ValueInfoProto;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.NetworkBuilder;
import dev.convoy.runtime.ProviderRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One import of an ONNX model: checks opsets and wiring, lists unsupported operators all at once,
 * folds every node whose inputs are constant, and turns the rest into Convoy nodes (see {@link Operators}).
 */
final class GraphImport {
  static final int MIN_OPSET = 7;
  static final int MAX_OPSET = 21;

  private final ModelProto model;
  private final ProviderRegistry registry;
  private final int batch;
  final Map<String, Value> values = new HashMap<>();
  final Map<String, Integer> consumers = new HashMap<>();
  final Map<String, LayerSpec> specs = new LinkedHashMap<>();
  final Map<String, List<String>> nodeInputs = new HashMap<>();
  final Map<String, float[]> parameters = new LinkedHashMap<>();
  private final Map<String, Shape> inputs = new LinkedHashMap<>();
  private int opset;

  GraphImport(ModelProto model, ProviderRegistry registry, int batch) {
    this.model = model;
    this.registry = registry;
    this.batch = batch;
  }

  OnnxModel run() {
    opset = defaultOpset();
    GraphProto graph = model.getGraph();
    for (TensorProto t : graph.getInitializerList()) {
      if (values.put(t.getName(), new Value.Const(TensorDecoder.decode(t, "initializer"))) != null) {
        throw new ConvoyException("initializer '" + t.getName() + "' is defined twice");
      }
    }
    for (ValueInfoProto in : graph.getInputList()) {
      if (!values.containsKey(in.getName())) {
        Shape shape = inputShape(in);
        if (inputs.put(in.getName(), shape) != null) {
          throw new ConvoyException("graph input '" + in.getName() + "' is declared twice");
        }
        values.put(in.getName(), new Value.Live(in.getName(), shape));
      }
    }
    if (inputs.isEmpty()) {
      throw new ConvoyException("the graph has no input that is not an initializer; nothing to feed");
    }
    List<NodeProto> nodes = graph.getNodeList();
    checkSupported(nodes);
    List<Integer> order = GraphOrder.sort(nodes, values.keySet());
    nodes.forEach(n -> n.getInputList().forEach(in -> consumers.merge(in, 1, Integer::sum)));
    graph.getOutputList().forEach(out -> consumers.merge(out.getName(), 1, Integer::sum));
    Operators ops = new Operators(this);
    for (int i : order) {
      NodeProto node = nodes.get(i);
      String where = GraphOrder.nodeName(node, i);
      try {
        convert(node, where, ops);
      } catch (ConvoyException e) {
        throw e.getMessage().startsWith(where) ? e : new ConvoyException(where + ": " + e.getMessage(), e);
      }
    }
    return new OnnxModel(build(graph), parameters, metadata(), producer(), opset);
  }

  private void convert(NodeProto node, String where, Operators ops) {
    NodeAttributes at = new NodeAttributes(node, where);
    String op = node.getOpType();
    List<Value> in = new ArrayList<>();
    boolean allConst = true;
    for (String name : node.getInputList()) {
      Value v = name.isEmpty() ? null : values.get(name);
      in.add(v);
      allConst &= v == null || v instanceof Value.Const;
    }
    if (node.getOutputCount() == 0 || node.getOutput(0).isEmpty()) {
      throw new ConvoyException(where + " has no output");
    }
    String out = node.getOutput(0);
    Arity.check(where, op, opset, in);
    if (op.equals("Constant")) {
      values.put(out, new Value.Const(constant(at, where)));
    } else if (op.equals("Shape") && in.size() == 1 && in.get(0) instanceof Value.Live live) {
      int[] dims = live.shape().dims();
      long[] shape = new long[dims.length];
      for (int d = 0; d < dims.length; d++) {
        shape[d] = dims[d];
      }
      values.put(out, new Value.Const(ConstTensor.ofLongs(new long[] {dims.length}, shape)));
    } else if (allConst && !in.isEmpty() && in.get(0) != null && ConstantFolder.OPS.contains(op)) {
      List<ConstTensor> tensors = in.stream().map(v -> v == null ? null : ((Value.Const) v).tensor()).toList();
      values.put(out, new Value.Const(ConstantFolder.fold(where, op, opset, at, tensors)));
    } else if (op.equals("Shape") && in.size() == 1 && in.get(0) instanceof Value.Const c) {
      values.put(out, new Value.Const(ConstTensor.ofLongs(new long[] {c.tensor().rank()}, c.tensor().dims())));
    } else {
      values.put(out, ops.convert(node, where, op, opset, at, in));
    }
  }

  private static ConstTensor constant(NodeAttributes at, String where) {
    AttributeProto value = at.raw("value");
    if (value != null) {
      return TensorDecoder.decode(value.getT(), where + " value");
    }
    if (at.has("value_float")) {
      return ConstTensor.ofFloats(new long[0], new float[] {at.getFloat("value_float", 0)});
    }
    if (at.has("value_int")) {
      return ConstTensor.scalar(at.getInt("value_int", 0));
    }
    if (at.has("value_ints")) {
      long[] v = at.ints("value_ints");
      return ConstTensor.ofLongs(new long[] {v.length}, v);
    }
    if (at.has("value_floats")) {
      AttributeProto a = at.raw("value_floats");
      float[] v = new float[a.getFloatsCount()];
      for (int i = 0; i < v.length; i++) {
        v[i] = a.getFloats(i);
      }
      return ConstTensor.ofFloats(new long[] {v.length}, v);
    }
    throw new ConvoyException(where + " has no value Convoy can read (value, value_float(s) or value_int(s))");
  }

  private int defaultOpset() {
    Integer found = null;
    for (OperatorSetIdProto set : model.getOpsetImportList()) {
      if (set.getDomain().isEmpty() || set.getDomain().equals("ai.onnx")) {
        found = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, set.getVersion()));
      }
    }
    if (found == null) {
      throw new ConvoyException("the model declares no opset for the default ONNX domain (opset_import); "
          + "it is not a valid ONNX model");
    }
    if (found < MIN_OPSET || found > MAX_OPSET) {
      throw new ConvoyException("the model uses ONNX opset " + found + "; Convoy reads opsets " + MIN_OPSET + " to "
          + MAX_OPSET + " (re-export it with another opset_version)");
    }
    return found;
  }

  private void checkSupported(List<NodeProto> nodes) {
    Map<String, List<String>> unsupported = new TreeMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      NodeProto n = nodes.get(i);
      boolean onnxDomain = n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx");
      String op = n.getOpType();
      if (!onnxDomain || !(Operators.OPS.contains(op) || ConstantFolder.OPS.contains(op)
          || op.equals("Constant") || op.equals("Shape"))) {
        String key = onnxDomain ? op : n.getDomain() + "." + op;
        List<String> names = unsupported.computeIfAbsent(key, k -> new ArrayList<>());
        if (names.size() < 5) {
          names.add(n.getName().isEmpty() ? "#" + i : n.getName());
        }
      }
    }
    if (!unsupported.isEmpty()) {
      StringBuilder sb = new StringBuilder("the model uses operators Convoy does not support: ");
      unsupported.forEach((op, names) -> sb.append(op).append(" (nodes ").append(String.join(", ", names))
          .append(") "));
      throw new ConvoyException(sb.toString().strip() + "; supported: " + new java.util.TreeSet<>(Operators.OPS)
          + " and, on constants, " + new java.util.TreeSet<>(ConstantFolder.OPS));
    }
  }

  private Shape inputShape(ValueInfoProto in) {
    String what = "graph input '" + in.getName() + "'";
    if (!in.hasType() || !in.getType().hasTensorType()) {
      throw new ConvoyException(what + " is not a tensor");
    }
    var type = in.getType().getTensorType();
    if (type.getElemType() != TensorProto.DataType.FLOAT_VALUE) {
      throw new ConvoyException(what + " has element type " + type.getElemType() + "; Convoy feeds float32 only");
    }
    if (!type.hasShape()) {
      throw new ConvoyException(what + " has no shape; Convoy needs every dimension but the batch");
    }
    List<TensorShapeProto.Dimension> dims = type.getShape().getDimList();
    if (dims.isEmpty() || dims.size() > 4) {
      throw new ConvoyException(what + " has rank " + dims.size() + "; Convoy takes [N, C, H, W] or [N, D]");
    }
    int[] out = new int[dims.size()];
    for (int i = 0; i < out.length; i++) {
      TensorShapeProto.Dimension d = dims.get(i);
      if (i == 0 && (batch > 0 || !d.hasDimValue())) {
        out[i] = batch > 0 ? batch : 1;
      } else if (!d.hasDimValue() || d.getDimValue() < 1 || d.getDimValue() > (1 << 20)) {
        throw new ConvoyException(what + " dimension " + i + " is " + (d.hasDimValue() ? d.getDimValue()
            : "'" + d.getDimParam() + "'") + "; Convoy needs a fixed positive size for every dimension but the batch");
      } else {
        out[i] = (int) d.getDimValue();
      }
    }
    return Shape.of(out);
  }

  /** Adds Convoy node {@code name}, checks its shapes now (so later nodes see them) and returns its output. */
  Value.Live add(String name, LayerSpec spec, List<Value.Live> from) {
    if (specs.containsKey(name) || inputs.containsKey(name)) {
      throw new ConvoyException("the value name '" + name + "' is used twice");
    }
    List<Shape> shapes = from.stream().map(Value.Live::shape).toList();
    Shape out;
    try {
      out = registry.layerProvider(spec.type()).create(name, spec, shapes).outputShape();
    } catch (ConvoyException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ConvoyException("layer " + spec + " rejects inputs " + shapes + ": " + e, e);
    }
    specs.put(name, spec);
    nodeInputs.put(name, from.stream().map(Value.Live::name).toList());
    return new Value.Live(name, out);
  }

  private Network build(GraphProto graph) {
    NetworkBuilder builder = Network.builder(registry);
    inputs.forEach(builder::input);
    specs.forEach((name, spec) -> builder.node(name, spec, nodeInputs.get(name).toArray(String[]::new)));
    Set<String> outs = new HashSet<>();
    for (ValueInfoProto out : graph.getOutputList()) {
      Value v = values.get(out.getName());
      if (!(v instanceof Value.Live live)) {
        throw new ConvoyException("graph output '" + out.getName() + "' is " + (v == null ? "never computed"
            : "a constant") + "; Convoy returns computed tensors only");
      }
      if (live.pad() != null) {
        throw new ConvoyException("graph output '" + out.getName() + "' comes from Pad " + live.padNode()
            + " directly; Convoy folds Pad into the Conv or pool that follows it");
      }
      if (outs.add(live.name())) {
        builder.output(live.name());
      }
    }
    if (outs.isEmpty()) {
      throw new ConvoyException("the graph declares no outputs");
    }
    return builder.build();
  }

  private Map<String, String> metadata() {
    Map<String, String> out = new TreeMap<>();
    for (StringStringEntryProto e : model.getMetadataPropsList()) {
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  private String producer() {
    return (model.getProducerName() + " " + model.getProducerVersion()).strip();
  }
}
