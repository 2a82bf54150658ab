package dev.convoy.formats.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.Shape;
import dev.convoy.formats.onnx.gen.GraphProto;
import dev.convoy.formats.onnx.gen.NodeProto;
import dev.convoy.formats.onnx.gen.TensorProto;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What the importer refuses among Mul, Reshape, Squeeze, Transpose, LpPool and Add of constants,
 * and how it says so: each message names the node and what Convoy would need instead.
 */
class OnnxImportLimitsTest {
  /** One node on input x [N, c, h, w] (N symbolic) with output y, plus initializers. */
  private static OnnxModel importOne(int batch, long[] x, NodeProto node, TensorProto... initializers) {
    GraphProto.Builder g = GraphProto.newBuilder().setName("one").addInput(TinyModels.tensor("x", x))
        .addNode(node).addOutput(TinyModels.tensor("y"));
    for (TensorProto t : initializers) {
      g.addInitializer(t);
    }
    return OnnxImporter.read(TinyModels.model(13, g.build()).toByteArray(), OnnxImporterTest.REGISTRY, batch,
        "test.onnx");
  }

  private static String refusal(int batch, long[] x, NodeProto node, TensorProto... initializers) {
    ConvoyException e = assertThrows(ConvoyException.class, () -> importOne(batch, x, node, initializers));
    assertTrue(e.getMessage().contains("node '" + node.getName() + "'"), e.getMessage());
    return e.getMessage();
  }

  private static NodeProto node(String op, String name, String... inputs) {
    return TinyModels.node(op, name, inputs, "y");
  }

  @Test
  void mulByAConstantThatVariesOverPositions() {
    String m = refusal(1, new long[] {-1, 4, 3, 3}, node("Mul", "mask", "x", "c"),
        TinyModels.floats("c", new Random(1), 1, 1, 3, 3));
    assertTrue(m.contains("varies along axis 2") && m.contains("one value per channel"), m);
  }

  @Test
  void mulOfComputedTensorsThatBroadcastOtherThanAsAChannelGate() {
    GraphProto se = GraphProto.newBuilder().setName("se").addInput(TinyModels.tensor("x", -1, 4, 3, 3))
        .addNode(TinyModels.node("GlobalAveragePool", "squeeze", new String[] {"x"}, "s"))
        .addNode(TinyModels.node("Mul", "excite", new String[] {"x", "s"}, "y"))
        .addOutput(TinyModels.tensor("y")).build();
    // Squeeze-and-excitation: a [N, C, 1, 1] gate is taken (as the Mul layer's channel gate).
    assertTrue(OnnxImporterTest.read(TinyModels.model(13, se)).network().nodes().stream()
        .anyMatch(n -> n.spec().type().equals("Mul")));
    GraphProto flat = GraphProto.newBuilder().setName("flat").addInput(TinyModels.tensor("x", -1, 4, 3, 3))
        .addNode(TinyModels.node("Flatten", "flatten", new String[] {"x"}, "f"))
        .addNode(TinyModels.node("Mul", "mix", new String[] {"x", "f"}, "y"))
        .addOutput(TinyModels.tensor("y")).build();
    ConvoyException e = assertThrows(ConvoyException.class, () -> OnnxImporterTest.read(TinyModels.model(13, flat)));
    assertTrue(e.getMessage().contains("'mix'") && e.getMessage().contains("[1, 36]")
        && e.getMessage().contains("one shape"), e.getMessage());
  }

  @Test
  void reshapeThatFoldsTheBatchIntoAnotherAxis() {
    String m = refusal(2, new long[] {-1, 4, 3, 3}, node("Reshape", "fold", "x", "target"),
        TinyModels.longs("target", 8, 9));
    assertTrue(m.contains("[8, 9]") && m.contains("batch axis first"), m);
  }

  @Test
  void reshapeThatKeepsTheBatchBecomesAReshapeLayer() {
    OnnxModel m = importOne(2, new long[] {-1, 4, 3, 3}, node("Reshape", "view", "x", "target"),
        TinyModels.longs("target", 0, -1, 3, 12));
    assertEquals("Reshape", m.network().nodes().getFirst().spec().type());
    assertEquals(Shape.of(2, 1, 3, 12), m.network().shape("y"));
  }

  @Test
  void transposeThatMovesTheBatch() {
    String m = refusal(1, new long[] {-1, 4, 3, 3},
        TinyModels.node("Transpose", "swap", new String[] {"x"}, "y", TinyModels.ints("perm", 1, 0, 2, 3)));
    assertTrue(m.contains("moves the batch axis"), m);
    // ONNX's default perm reverses the axes, which moves the batch too.
    m = refusal(1, new long[] {-1, 4, 3, 3}, node("Transpose", "reverse", "x"));
    assertTrue(m.contains("[3, 2, 1, 0]"), m);
  }

  @Test
  void squeezeAndUnsqueezeOfTheBatchAxis() {
    String m = refusal(1, new long[] {-1, 4, 1, 1}, node("Squeeze", "drop", "x", "axes"), TinyModels.longs("axes", 0));
    assertTrue(m.contains("axis 0") && m.contains("batch"), m);
    m = refusal(1, new long[] {-1, 4}, node("Unsqueeze", "lift", "x", "axes"), TinyModels.longs("axes", 0));
    assertTrue(m.contains("axis 0") && m.contains("batch"), m);
    m = refusal(1, new long[] {-1, 4, 2, 1}, node("Squeeze", "drop", "x", "axes"), TinyModels.longs("axes", 2));
    assertTrue(m.contains("has size 2, not 1"), m);
  }

  @Test
  void lpPoolOtherThanL2() {
    NodeProto pool = TinyModels.node("LpPool", "l3", new String[] {"x"}, "y", TinyModels.ints("kernel_shape", 2, 2),
        TinyModels.integer("p", 3));
    assertTrue(refusal(1, new long[] {-1, 2, 4, 4}, pool).contains("p=3"));
  }

  @Test
  void addOfAConstantAlongTheWidthIsNotTakenForAChannelBias() {
    // C = W = 3: a [3] constant broadcasts along the width (ONNX aligns the last axes), not the channels.
    GraphProto g = GraphProto.newBuilder().setName("bias").addInput(TinyModels.tensor("x", -1, 3, 3, 3))
        .addInitializer(TinyModels.floats("w", new Random(2), 3, 3, 1, 1))
        .addInitializer(TinyModels.floats("c", new Random(3), 3))
        .addNode(TinyModels.node("Conv", "conv", new String[] {"x", "w"}, "z"))
        .addNode(TinyModels.node("Add", "shift", new String[] {"z", "c"}, "y"))
        .addOutput(TinyModels.tensor("y")).build();
    ConvoyException e = assertThrows(ConvoyException.class, () -> OnnxImporterTest.read(TinyModels.model(13, g)));
    assertTrue(e.getMessage().contains("'shift'") && e.getMessage().contains("varies along axis 3"), e.getMessage());
  }

  @Test
  void unsupportedOperatorsAreStillListedTogetherBesideTheNewOnes() {
    GraphProto g = GraphProto.newBuilder().setName("mix").addInput(TinyModels.tensor("x", -1, 2, 3, 3))
        .addNode(TinyModels.node("Transpose", "t", new String[] {"x"}, "a", TinyModels.ints("perm", 0, 1, 3, 2)))
        .addNode(TinyModels.node("Mul", "m", new String[] {"a", "a"}, "b"))
        .addNode(TinyModels.node("Erf", "erf1", new String[] {"b"}, "c"))
        .addNode(TinyModels.node("Mod", "mod1", new String[] {"c", "c"}, "y"))
        .addOutput(TinyModels.tensor("y")).build();
    ConvoyException e = assertThrows(ConvoyException.class, () -> OnnxImporterTest.read(TinyModels.model(13, g)));
    String m = e.getMessage();
    String listed = m.substring(0, m.indexOf("; supported"));
    assertTrue(listed.contains("Erf (nodes erf1)") && listed.contains("Mod (nodes mod1)"), m);
    assertTrue(!listed.contains("Mul") && !listed.contains("Transpose"), m);
    List<String> supported = List.of("Mul", "Transpose", "Reshape", "Squeeze", "Unsqueeze", "LpPool");
    String named = m.substring(m.indexOf("; supported"));
    assertTrue(supported.stream().allMatch(named::contains), m);
  }
}
