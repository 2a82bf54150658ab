package dev.convoy.formats.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.formats.onnx.gen.GraphProto;
import dev.convoy.formats.onnx.gen.ModelProto;
import dev.convoy.runtime.BackendSelector;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.Node;
import dev.convoy.runtime.ProviderRegistry;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Import of the operators and folding that the torchvision acceptance models do not reach. */
class OnnxImporterTest {
  static final ProviderRegistry REGISTRY = ProviderRegistry.load();
  private static final Backend BACKEND = new BackendSelector(REGISTRY).select("reference").open();

  static OnnxModel read(ModelProto model) {
    return OnnxImporter.read(model.toByteArray(), REGISTRY, 0, "test.onnx");
  }

  @Test
  void shapeSubgraphFoldsAwayAndPadFoldsIntoConv() {
    OnnxModel m = read(TinyModels.small());
    List<String> types = m.network().nodes().stream().map(n -> n.spec().type()).toList();
    assertEquals(List.of("Conv", "BatchNorm", "Clip", "MaxPool", "Flatten", "FC", "Softmax"), types);
    Node conv = m.network().nodes().getFirst();
    assertEquals("[1, 1, 1, 1]", java.util.Arrays.toString((int[]) conv.spec().attributes().raw("pad")));
    // 8x8, pad 1, 3x3 -> 8x8; pool 2 stride 3 ceil -> 3x3 (the last window starts inside the input)
    assertEquals(Shape.of(1, 4, 3, 3), m.network().shape(m.network().nodes().get(3).name()));
    assertEquals(Shape.of(1, 5), m.network().shape(m.network().outputs().getFirst()));
  }

  @Test
  void importedModelComputesSoftmaxOfTheGemm() {
    OnnxModel m = OnnxImporter.read(TinyModels.small().toByteArray(), REGISTRY, 2, "test.onnx");
    float[] x = new float[2 * 3 * 8 * 8];
    Random r = new Random(3);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    try (Model model = m.toModel(BACKEND); Volume in = BACKEND.upload(Shape.nchw(2, 3, 8, 8), x);
        Volume y = model.predict(in)) {
      float[] p = y.toArray();
      assertEquals(10, p.length);
      for (int item = 0; item < 2; item++) {
        double sum = 0;
        for (int k = 0; k < 5; k++) {
          sum += p[item * 5 + k];
        }
        assertEquals(1.0, sum, 1e-5, "softmax rows sum to 1");
      }
    }
    assertEquals(5 * 36, m.parameters().get("scores.weight").length);
    assertEquals(4, m.parameters().get("n.running_var").length);
  }

  @Test
  void unsupportedOperatorsAreListedTogether() {
    GraphProto g = TinyModels.small().getGraph().toBuilder()
        .setNode(1, TinyModels.node("Foo", "foo1", new String[] {"xp"}, "c"))
        .setNode(2, TinyModels.node("Bar", "bar1", new String[] {"c"}, "n")).build();
    ConvoyException e = assertThrows(ConvoyException.class, () -> read(TinyModels.model(13, g)));
    assertTrue(e.getMessage().contains("Bar (nodes bar1)") && e.getMessage().contains("Foo (nodes foo1)"),
        e.getMessage());
  }

  @Test
  void danglingInputsAndCyclesNameTheNode() {
    GraphProto dangling = TinyModels.small().getGraph().toBuilder()
        .setNode(3, TinyModels.node("Clip", "clip", new String[] {"nowhere"}, "a")).build();
    ConvoyException e = assertThrows(ConvoyException.class, () -> read(TinyModels.model(13, dangling)));
    assertTrue(e.getMessage().contains("'clip'") && e.getMessage().contains("'nowhere'"), e.getMessage());
    GraphProto cycle = TinyModels.small().getGraph().toBuilder()
        .setNode(1, TinyModels.node("Conv", "conv", new String[] {"a", "w", "b"}, "c")).build();
    e = assertThrows(ConvoyException.class, () -> read(TinyModels.model(13, cycle)));
    assertTrue(e.getMessage().contains("cycle"), e.getMessage());
  }

  @Test
  void tensorWhoseDimsDoNotMatchItsDataIsRefusedByName() {
    GraphProto g = TinyModels.small().getGraph().toBuilder()
        .setInitializer(0, TinyModels.floats("w", new Random(1), 4, 3, 3, 3).toBuilder().setDims(0, 400000000L))
        .build();
    ConvoyException e = assertThrows(ConvoyException.class, () -> read(TinyModels.model(13, g)));
    assertTrue(e.getMessage().contains("'w'"), e.getMessage());
  }

  @Test
  void opsetOutsideSevenToTwentyOneIsRefused() {
    ConvoyException e = assertThrows(ConvoyException.class,
        () -> read(TinyModels.model(6, TinyModels.small().getGraph())));
    assertTrue(e.getMessage().contains("opset 6"), e.getMessage());
  }
}
