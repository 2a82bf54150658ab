package dev.convoy.layers.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvGeometry;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import dev.convoy.tck.TckRandom;
import dev.convoy.tck.TestLayerContext;
import dev.convoy.tck.VolumeAssertions;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Conv forward values against the convolution sum written out in double, and batch-size changes. */
class ConvForwardTest {
  private final Backend backend = TestLayerContext.loadBackend("reference");
  private final TckRandom random = new TckRandom(3);

  /** Runs the layer on random input and weights and compares with {@link NaiveConv}. */
  private void compareWithNaive(Shape input, LayerSpec spec, ConvGeometry expected) {
    ConvLayer layer = (ConvLayer) new ConvLayerProvider().create("conv", spec, List.of(input));
    assertEquals(expected.outputShape(), layer.outputShape());
    float[] xs = random.uniform(input.intSize());
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer);
        Volume x = backend.upload(input, xs);
        Volume y = layer.forward(ctx, List.of(x))) {
      float[] w = ctx.param("weight").toArray();
      float[] b = ctx.paramNames().contains("bias") ? ctx.param("bias").toArray() : null;
      VolumeAssertions.assertClose(NaiveConv.forward(expected, xs, w, b), y.toArray(), 1e-5, spec.toString());
    }
  }

  @Test
  void notesWorkedExample() {
    // X (11,11,4), F=5, S=2: V[x,y,k] = sum(X[2x:2x+5, 2y:2y+5, :] * Wk) + bk
    compareWithNaive(Shape.nchw(1, 4, 11, 11), LayerSpec.of("Conv").with("filters", 2).with("kernel", 5)
        .with("stride", 2), new ConvGeometry(1, 4, 11, 11, 2, 5, 5, 2, 2, 0, 0, 0, 0, 1, 1, 1, 4, 4));
  }

  @Test
  void notesDemoWithPadding() {
    compareWithNaive(Shape.nchw(1, 3, 5, 5), LayerSpec.of("Conv").with("filters", 2).with("kernel", 3)
        .with("stride", 2).with("pad", 1), new ConvGeometry(1, 3, 5, 5, 2, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 3, 3));
  }

  @Test
  void dilatedGroupedAsymmetric() {
    compareWithNaive(Shape.nchw(2, 4, 7, 8), LayerSpec.of("Conv").with("filters", 6).with("kernel", 3)
        .with("dilation", 2).with("groups", 2).with("pad", 1, 0, 1, 2).with("bias", 0),
        new ConvGeometry(2, 4, 7, 8, 6, 3, 3, 1, 1, 1, 0, 1, 2, 2, 2, 2, 5, 6));
  }

  @Test
  void acceptsAnotherBatchSizeThanAtCreation() {
    Shape created = Shape.nchw(2, 3, 6, 6);
    ConvLayer layer = (ConvLayer) new ConvLayerProvider().create("conv",
        LayerSpec.of("Conv").with("filters", 4).with("kernel", 3).with("pad", 1), List.of(created));
    float[] xs = random.uniform(5 * 3 * 36);
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer);
        Volume five = backend.upload(Shape.nchw(5, 3, 6, 6), xs);
        Volume one = backend.upload(Shape.nchw(1, 3, 6, 6), Arrays.copyOfRange(xs, 3 * 108, 4 * 108));
        Volume y5 = layer.forward(ctx, List.of(five));
        Volume y1 = layer.forward(ctx, List.of(one))) {
      assertEquals(Shape.nchw(5, 4, 6, 6), y5.shape());
      assertEquals(Shape.nchw(1, 4, 6, 6), y1.shape());
      // item 3 of the batch of five equals the same image alone
      VolumeAssertions.assertClose(Arrays.copyOfRange(y5.toArray(), 3 * 4 * 36, 4 * 4 * 36), y1.toArray(), 1e-6,
          "item 3 of 5 vs alone");
      try (Volume dy = backend.upload(y5.shape(), random.uniform(y5.shape().intSize()))) {
        List<Volume> dx = layer.backward(ctx, List.of(five), y5, dy);
        assertEquals(five.shape(), dx.get(0).shape());
        dx.get(0).close();
      }
    }
  }

  @Test
  void rejectsAnInputOfAnotherDepthNamingTheNode() {
    ConvLayer layer = (ConvLayer) new ConvLayerProvider().create("conv7",
        LayerSpec.of("Conv").with("filters", 4).with("kernel", 3), List.of(Shape.nchw(2, 3, 6, 6)));
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer);
        Volume x = backend.allocate(Shape.nchw(2, 4, 6, 6))) {
      ShapeException e = assertThrows(ShapeException.class, () -> layer.forward(ctx, List.of(x)));
      assertTrue(e.getMessage().startsWith("conv7:"), e.getMessage());
    }
  }
}
