package dev.convoy.layers.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.tck.TestLayerContext;
import dev.convoy.tck.VolumeAssertions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The activation and normalization providers' types, values at the edges and attribute checks. */
class ActivationLayerTest {
  private final ActivationLayerProvider provider = new ActivationLayerProvider();

  private float[] forward(LayerSpec spec, float... values) {
    Shape s = Shape.of(1, values.length);
    Layer layer = provider.create("act", spec, List.of(s));
    try (TestLayerContext ctx = TestLayerContext.forLayer(LayerChecks.BACKEND, layer);
        Volume x = LayerChecks.BACKEND.upload(s, values);
        Volume y = layer.forward(ctx, List.of(x))) {
      return y.toArray();
    }
  }

  @Test
  void typeNames() {
    assertEquals(Set.of("LeakyRelu", "Clip", "Relu6", "Sigmoid", "Tanh"), provider.types());
    assertEquals(Set.of("BatchNorm", "LRN"), new NormalizationLayerProvider().types());
    assertEquals(Set.of("Add", "Mul", "Concat"), new MergeLayerProvider().types());
    assertEquals(Set.of("Reshape", "Transpose"), new LayoutLayerProvider().types());
  }

  @Test
  void clipAndRelu6() {
    VolumeAssertions.assertClose(new float[] {0, 0, 3, 6, 6}, forward(LayerSpec.of("Relu6"), -1, 0, 3, 6, 9), 0,
        "relu6");
    VolumeAssertions.assertClose(new float[] {-1, 0.5f, 2}, forward(LayerSpec.of("Clip").with("min", -1f)
        .with("max", 2f), -5, 0.5f, 7), 0, "clip -1..2");
    VolumeAssertions.assertClose(new float[] {-5, 0.5f, 2}, forward(LayerSpec.of("Clip").with("max", 2f), -5, 0.5f, 7),
        0, "clip with only a max");
  }

  @Test
  void leakyReluKeepsASlopeBelowZero() {
    VolumeAssertions.assertClose(new float[] {-0.02f, 0, 3}, forward(LayerSpec.of("LeakyRelu"), -2, 0, 3), 1e-7,
        "default alpha 0.01");
  }

  @Test
  void sigmoidAndTanhSaturateWithoutOverflow() {
    VolumeAssertions.assertClose(new float[] {0, 0.5f, 1}, forward(LayerSpec.of("Sigmoid"), -200, 0, 200), 1e-7,
        "sigmoid");
    VolumeAssertions.assertClose(new float[] {-1, 0, 1}, forward(LayerSpec.of("Tanh"), -200, 0, 200), 1e-7, "tanh");
  }

  @Test
  void attributesAreChecked() {
    Shape s = Shape.of(2, 3);
    ConvoyException clip = assertThrows(ConvoyException.class,
        () -> provider.create("c1", LayerSpec.of("Clip"), List.of(s)));
    assertTrue(clip.getMessage().startsWith("c1:") && clip.getMessage().contains("'min'"), clip.getMessage());
    ConvoyException order = assertThrows(ConvoyException.class,
        () -> provider.create("c1", LayerSpec.of("Clip").with("min", 2f).with("max", 1f), List.of(s)));
    assertTrue(order.getMessage().startsWith("c1:") && order.getMessage().contains("below"), order.getMessage());
    ConvoyException relu6 = assertThrows(ConvoyException.class,
        () -> provider.create("r6", LayerSpec.of("Relu6").with("max", 5f), List.of(s)));
    assertTrue(relu6.getMessage().contains("r6") && relu6.getMessage().contains("[max]"), relu6.getMessage());
    ConvoyException leaky = assertThrows(ConvoyException.class,
        () -> provider.create("l1", LayerSpec.of("LeakyRelu").with("slope", 0.1f), List.of(s)));
    assertTrue(leaky.getMessage().contains("[slope]") && leaky.getMessage().contains("alpha"), leaky.getMessage());
    ConvoyException sigmoid = assertThrows(ConvoyException.class,
        () -> provider.create("s1", LayerSpec.of("Sigmoid").with("alpha", 1f), List.of(s)));
    assertTrue(sigmoid.getMessage().contains("s1"), sigmoid.getMessage());
  }

  @Test
  void lrnAttributesAreChecked() {
    NormalizationLayerProvider norm = new NormalizationLayerProvider();
    Shape s = Shape.nchw(1, 8, 4, 4);
    ConvoyException size = assertThrows(ConvoyException.class,
        () -> norm.create("norm1", LayerSpec.of("LRN"), List.of(s)));
    assertTrue(size.getMessage().startsWith("norm1:") && size.getMessage().contains("'size'"), size.getMessage());
    ConvoyException k = assertThrows(ConvoyException.class,
        () -> norm.create("norm1", LayerSpec.of("LRN").with("size", 5).with("k", 2f), List.of(s)));
    assertTrue(k.getMessage().contains("[k]") && k.getMessage().contains("bias"), k.getMessage());
    ConvoyException bias = assertThrows(ConvoyException.class,
        () -> norm.create("norm1", LayerSpec.of("LRN").with("size", 5).with("bias", 0f), List.of(s)));
    assertTrue(bias.getMessage().startsWith("norm1:"), bias.getMessage());
    assertEquals(s, norm.create("norm1", LayerSpec.of("LRN").with("size", 5), List.of(s)).outputShape());
  }
}
