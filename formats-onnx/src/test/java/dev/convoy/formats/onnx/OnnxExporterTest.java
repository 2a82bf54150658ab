package dev.convoy.formats.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.convoy.api.Backend;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Parameter;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.formats.onnx.gen.ModelProto;
import dev.convoy.runtime.BackendSelector;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.ProviderRegistry;
import dev.convoy.zoo.Zoo;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export checked against ONNX Runtime, an independent implementation of every operator: the same
 * weights and input give the same outputs in ORT as in Convoy, and importing the file back gives
 * them again.
 */
class OnnxExporterTest {
  private static final ProviderRegistry REGISTRY = ProviderRegistry.load();
  private static final Backend BACKEND = new BackendSelector(REGISTRY).select("reference").open();
  private static final double TOLERANCE = 1e-4;

  @TempDir
  Path dir;

  @AfterAll
  static void closeBackend() {
    BACKEND.close();
  }

  /** Conv+BN+ReLU+MaxPool, a grouped and a 1x1 branch joined by Concat, a residual Add, LRN, ceil pooling, GAP, FC. */
  static Network branchy(int batch) {
    return Network.builder(REGISTRY).input("data", Shape.nchw(batch, 3, 9, 9))
        .node("conv1", LayerSpec.of("Conv").with("filters", 4).with("kernel", 3).with("pad", 1), "data")
        .node("bn1", LayerSpec.of("BatchNorm"), "conv1")
        .node("relu1", LayerSpec.of("Relu"), "bn1")
        .node("pool1", LayerSpec.of("MaxPool").with("kernel", 2).with("stride", 2).with("round", "floor"), "relu1")
        .node("a", LayerSpec.of("Conv").with("filters", 4).with("kernel", 1), "pool1")
        .node("b", LayerSpec.of("Conv").with("filters", 4).with("kernel", 3).with("pad", 2).with("dilation", 2)
            .with("groups", 2).with("bias", 0), "pool1")
        .node("cat", LayerSpec.of("Concat").with("axis", 1), "a", "b")
        .node("conv3", LayerSpec.of("Conv").with("filters", 8).with("kernel", 3).with("pad", new int[] {1, 0, 1, 2}),
            "cat")
        .node("sum", LayerSpec.of("Add"), "cat", "conv3")
        .node("leaky", LayerSpec.of("LeakyRelu").with("alpha", 0.2f), "sum")
        .node("lrn", LayerSpec.of("LRN").with("size", 3).with("alpha", 0.5f).with("beta", 0.75f).with("bias", 2f),
            "leaky")
        .node("avg", LayerSpec.of("AveragePool").with("kernel", 3).with("stride", 2).with("pad", 1)
            .with("round", "ceil").with("count_include_pad", 0), "lrn")
        .node("gap", LayerSpec.of("GlobalAveragePool"), "avg")
        .node("drop", LayerSpec.of("Dropout").with("ratio", 0.5f), "gap")
        .node("fc", LayerSpec.of("FC").with("units", 5), "drop")
        .node("prob", LayerSpec.of("Softmax"), "fc")
        .output("fc", "prob")
        .build();
  }

  /** The activations (Relu6, Clip with one and two bounds, Sigmoid, Tanh), Flatten, a bias-free FC and BN on [N, C]. */
  static Network activations(int batch) {
    return Network.builder(REGISTRY).input("data", Shape.nchw(batch, 2, 3, 3))
        .node("scale", LayerSpec.of("Conv").with("filters", 3).with("kernel", 1), "data")
        .node("r6", LayerSpec.of("Relu6"), "scale")
        .node("clip", LayerSpec.of("Clip").with("min", -1f).with("max", 2f), "scale")
        .node("cap", LayerSpec.of("Clip").with("max", 0.5f), "scale")
        .node("sig", LayerSpec.of("Sigmoid"), "scale")
        .node("tanh", LayerSpec.of("Tanh"), "scale")
        .node("all", LayerSpec.of("Concat"), "r6", "clip", "cap", "sig", "tanh")
        .node("flat", LayerSpec.of("Flatten"), "all")
        .node("fc", LayerSpec.of("FC").with("units", 4).with("bias", 0), "flat")
        .node("bn", LayerSpec.of("BatchNorm").with("epsilon", 1e-3f), "fc")
        .node("gmax", LayerSpec.of("GlobalMaxPool"), "scale")
        .output("bn", "gmax")
        .build();
  }

  /**
   * L2 pooling (ceil-mode and padded), an element-wise Mul of two computed tensors, Transposes that
   * keep the batch first and Reshapes between them: shapes chosen so that no two axes have one size.
   */
  static Network layouts(int batch) {
    return Network.builder(REGISTRY).input("data", Shape.nchw(batch, 3, 7, 9))
        .node("conv1", LayerSpec.of("Conv").with("filters", 6).with("kernel", 3).with("pad", 1), "data")
        .node("l2ceil", LayerSpec.of("L2Pool").with("kernel", 2).with("stride", 2).with("round", "ceil"), "conv1")
        .node("l2pad", LayerSpec.of("L2Pool").with("kernel", 3).with("stride", 2).with("pad", 1).with("round", "floor"),
            "conv1")
        .node("gate", LayerSpec.of("Sigmoid"), "l2pad")
        .node("gated", LayerSpec.of("Mul"), "l2ceil", "gate")
        .node("nhwc", LayerSpec.of("Transpose").with("perm", 0, 2, 3, 1), "gated")
        .node("rows", LayerSpec.of("Reshape").with("shape", 20, 6), "nhwc")
        .node("cols", LayerSpec.of("Transpose").with("perm", 0, 2, 1), "rows")
        .node("image", LayerSpec.of("Reshape").with("shape", 6, -1, 5), "cols")
        .node("conv2", LayerSpec.of("Conv").with("filters", 3).with("kernel", 1), "image")
        .node("fc", LayerSpec.of("FC").with("units", 5), "conv2")
        .output("fc", "cols")
        .build();
  }

  @Test
  void l2PoolMulTransposeAndReshapeRunInOnnxRuntimeWithConvoysOutputs() throws Exception {
    checkAgainstOrt(layouts(2), 2);
  }

  @Test
  void l2PoolInCeilModeIsAnLpPoolWithMorePaddingAtTheEnd() throws Exception {
    Path file = dir.resolve("l2.onnx");
    try (Model model = randomized(layouts(1))) {
      OnnxExporter.write(file, model, Map.of());
    }
    var nodes = ModelProto.parseFrom(Files.readAllBytes(file)).getGraph().getNodeList();
    var ceil = nodes.stream().filter(n -> n.getName().equals("l2ceil")).findFirst().orElseThrow();
    assertEquals("LpPool", ceil.getOpType());
    Map<String, List<Long>> at = new HashMap<>();
    ceil.getAttributeList().forEach(a -> at.put(a.getName(), a.getIntsCount() > 0 ? a.getIntsList() : List.of(a.getI())));
    assertEquals(List.of(2L), at.get("p"));
    // 7x9 input, 2x2 windows, stride 2, ceil: 4x5 windows, which floor mode counts with one more row and column.
    assertEquals(List.of(0L, 0L, 1L, 1L), at.get("pads"));
    assertEquals(1, GraphExport.endPadding(7, 4, 2, 2, 0, 0), "ceil: one more row so that floor counts 4");
    assertEquals(1, GraphExport.endPadding(9, 5, 3, 2, 1, 1), "floor: (9 + 2 - 3)/2 + 1 = 5 with its own padding");
    assertEquals(2, GraphExport.endPadding(7, 3, 3, 3, 0, 1), "ceil past its own padding: 3 windows of 3 need 7 + 2");
  }

  @Test
  void locallyConnectedIsRefusedSayingWhy() {
    Network net = Network.builder(REGISTRY).input("data", Shape.nchw(1, 2, 6, 6))
        .node("faces", LayerSpec.of("LocallyConnected").with("filters", 2).with("kernel", 3), "data")
        .output("faces").build();
    ConvoyException e = assertThrows(ConvoyException.class,
        () -> OnnxExporter.write(dir.resolve("lc.onnx"), net, Map.of()));
    assertTrue(e.getMessage().contains("LocallyConnected (nodes faces: ONNX has no locally connected operator"),
        e.getMessage());
  }

  @Test
  void branchyNetRunsInOnnxRuntimeWithConvoysOutputs() throws Exception {
    checkAgainstOrt(branchy(2), 2);
  }

  @Test
  void activationsRunInOnnxRuntimeWithConvoysOutputs() throws Exception {
    checkAgainstOrt(activations(3), 3);
  }

  @Test
  void zooLenetWithItsLossExportsWithoutLossOrLabels() throws Exception {
    Network net = Zoo.get("lenet").build(REGISTRY, 2).withLoss(REGISTRY, LayerSpec.of("SoftmaxCrossEntropy"));
    Path file = dir.resolve("lenet.onnx");
    try (Model model = Model.create(net, BACKEND, 1)) {
      OnnxExporter.write(file, model, Map.of("class_names", "a\nb"));
      ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(file));
      assertEquals(List.of("data"), proto.getGraph().getInputList().stream().map(v -> v.getName()).toList());
      assertTrue(proto.getGraph().getNodeList().stream().noneMatch(n -> n.getName().equals(Network.LOSS)));
      assertEquals("N", proto.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam());
      assertEquals(13, proto.getOpsetImport(0).getVersion());
      compare(model, file, 2);
      OnnxModel back = OnnxImporter.read(file, REGISTRY, 2);
      assertEquals("a\nb", back.metadata().get("class_names"));
    }
  }

  @Test
  void symbolicBatchRunsAtAnotherBatchSize() throws Exception {
    Path file = dir.resolve("act.onnx");
    try (Model at2 = randomized(activations(2)); Model at5 = Model.create(activations(5), BACKEND, 0)) {
      OnnxExporter.write(file, at2, Map.of());
      for (Parameter p : at5.parameters()) {
        p.value().write(at2.parameter(p.name()).value().toArray());
      }
      compare(at5, file, 5);
    }
  }

  @Test
  void unsupportedLayersAreListedAllAtOnce() {
    Network net = Network.builder(REGISTRY).input("data", Shape.nchw(1, 2, 6, 6)).input("labels", Shape.of(1))
        .node("lc", LayerSpec.of("LocallyConnected").with("filters", 2).with("kernel", 3), "data")
        .node("l2", LayerSpec.of("L2Pool").with("kernel", 2), "lc")
        .node("fc", LayerSpec.of("FC").with("units", 3), "l2")
        .node("hinge", LayerSpec.of("MulticlassSvm"), "fc", "labels")
        .output("fc", "hinge").build();
    Path file = dir.resolve("bad.onnx");
    ConvoyException e = assertThrows(ConvoyException.class, () -> OnnxExporter.write(file, net, Map.of()));
    assertTrue(e.getMessage().contains("MulticlassSvm (nodes hinge") && e.getMessage().contains("LocallyConnected"
        + " (nodes lc"), e.getMessage());
    assertTrue(!e.getMessage().contains("L2Pool (nodes"), "L2Pool exports as LpPool: " + e.getMessage());
    assertTrue(Files.notExists(file), "nothing written");
  }

  @Test
  void missingParameterValuesNameTheParameter() {
    ConvoyException e = assertThrows(ConvoyException.class,
        () -> OnnxExporter.write(dir.resolve("x.onnx"), activations(1), Map.of()));
    assertTrue(e.getMessage().contains("scale.weight"), e.getMessage());
  }

  private void checkAgainstOrt(Network net, int batch) throws Exception {
    Path file = dir.resolve("net.onnx");
    try (Model model = randomized(net)) {
      OnnxExporter.write(file, model, Map.of());
      compare(model, file, batch);
      // Round trip: Convoy's importer reads what its exporter wrote and computes the same.
      try (Model back = OnnxImporter.read(file, REGISTRY, batch).toModel(BACKEND)) {
        float[] x = input(net.inputs().getFirst().shape(), 11);
        Map<String, float[]> expected = convoy(model, x);
        Map<String, float[]> actual = convoy(back, x);
        expected.forEach((name, values) -> assertClose(values, actual.get(name), "round trip " + name));
      }
    }
  }

  /** Every parameter random, running variances positive, so that no layer hides behind its initial values. */
  private static Model randomized(Network net) {
    Model model = Model.create(net, BACKEND, 3);
    Random random = new Random(7);
    for (Parameter p : model.parameters()) {
      float[] v = new float[p.value().shape().intSize()];
      for (int i = 0; i < v.length; i++) {
        double g = random.nextGaussian();
        v[i] = (float) (p.name().endsWith("running_var") ? 0.5 + Math.abs(g) : g);
      }
      p.value().write(v);
    }
    return model;
  }

  private static void compare(Model model, Path file, int batch) throws OrtException {
    Shape shape = model.network().inputs().getFirst().shape();
    assertEquals(batch, shape.n());
    float[] x = input(shape, 5);
    Map<String, float[]> expected = convoy(model, x);
    Map<String, float[]> actual = new HashMap<>();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    long[] dims = java.util.Arrays.stream(shape.dims()).asLongStream().toArray();
    try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions());
        OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), dims);
        OrtSession.Result result = session.run(Map.of(model.network().inputs().getFirst().name(), in))) {
      for (String name : model.network().outputs()) {
        FloatBuffer buffer = ((OnnxTensor) result.get(name).orElseThrow()).getFloatBuffer();
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        actual.put(name, values);
      }
    }
    expected.forEach((name, values) -> assertClose(values, actual.get(name), "ONNX Runtime " + name));
  }

  private static Map<String, float[]> convoy(Model model, float[] x) {
    Shape shape = model.network().inputs().getFirst().shape();
    Map<String, float[]> out = new LinkedHashMap<>();
    try (Volume in = BACKEND.upload(shape, x)) {
      for (var e : model.infer(Map.of(model.network().inputs().getFirst().name(), in)).entrySet()) {
        try (Volume v = e.getValue()) {
          out.put(e.getKey(), v.toArray());
        }
      }
    }
    return out;
  }

  private static float[] input(Shape shape, long seed) {
    Random random = new Random(seed);
    float[] x = new float[shape.intSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    return x;
  }

  private static void assertClose(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    double scale = 0;
    double diff = 0;
    for (int i = 0; i < expected.length; i++) {
      scale = Math.max(scale, Math.abs(expected[i]));
      diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
    }
    assertTrue(scale > 0, what + ": all zeros proves nothing");
    assertTrue(diff <= TOLERANCE * scale, what + ": max |diff| " + diff + " exceeds " + TOLERANCE + " x " + scale);
  }
}
