package dev.convoy.layers.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.ParamSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import dev.convoy.tck.GradientCheck;
import dev.convoy.tck.TckRandom;
import dev.convoy.tck.TestLayerContext;
import dev.convoy.tck.VolumeAssertions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * LocallyConnected: the notes' parameter count without sharing, equality with Conv when every
 * position holds the same filters, a direct per-position sum, central differences and its checks.
 */
class LocallyConnectedTest {
  private final Backend backend = TestLayerContext.loadBackend("reference");
  private final LocallyConnectedLayerProvider provider = new LocallyConnectedLayerProvider();

  private static LayerSpec local(int filters, int kernel) {
    return LayerSpec.of("LocallyConnected").with("filters", filters).with("kernel", kernel);
  }

  @Test
  void alexNetConv1WithoutParameterSharingHasTheNotesCount() {
    // The notes: 55*55*96 = 290,400 neurons, each with 11*11*3 = 363 weights and 1 bias.
    Layer layer = provider.create("local1", local(96, 11).with("stride", 4), List.of(Shape.nchw(1, 3, 227, 227)));
    assertEquals(Shape.nchw(1, 96, 55, 55), layer.outputShape());
    long count = layer.parameters().stream().mapToLong(p -> p.shape().size()).sum();
    assertEquals(105_705_600L, count);
    assertEquals(List.of(Shape.of(3025, 96, 363), Shape.of(96, 55, 55)),
        layer.parameters().stream().map(ParamSpec::shape).toList());
  }

  @Test
  void equalsConvWhenEveryPositionSharesTheSameFilters() {
    Shape in = Shape.nchw(2, 3, 7, 5);
    LayerSpec spec = local(4, 3).with("stride", 2).with("pad", 1);
    Layer conv = new ConvLayerProvider().create("conv", new LayerSpec("Conv", spec.attributes()), List.of(in));
    Layer loc = provider.create("local", spec, List.of(in));
    TckRandom random = new TckRandom(8);
    float[] filters = random.uniform(4 * 3 * 3 * 3);
    float[] bias = random.uniform(4);
    int positions = 4 * 3;
    float[] tiledWeights = new float[positions * filters.length];
    float[] tiledBias = new float[4 * positions];
    for (int p = 0; p < positions; p++) {
      System.arraycopy(filters, 0, tiledWeights, p * filters.length, filters.length);
    }
    for (int k = 0; k < 4; k++) {
      java.util.Arrays.fill(tiledBias, k * positions, (k + 1) * positions, bias[k]);
    }
    try (TestLayerContext convCtx = TestLayerContext.forLayer(backend, conv)
            .setParam("weight", filters).setParam("bias", bias);
        TestLayerContext localCtx = TestLayerContext.forLayer(backend, loc)
            .setParam("weight", tiledWeights).setParam("bias", tiledBias);
        Volume x = backend.upload(in, random.uniform(in.intSize()));
        Volume expected = conv.forward(convCtx, List.of(x));
        Volume actual = loc.forward(localCtx, List.of(x))) {
      VolumeAssertions.assertClose(expected.toArray(), actual.toArray(), 1e-5, "locally connected with shared filters");
    }
  }

  @Test
  void eachPositionUsesItsOwnFilters() {
    // 1 channel 2x2 input, 1x1 kernel, 2 filters: y[n, k, p] = w[p, k] * x[n, p] + b[k, p]
    Shape in = Shape.nchw(1, 1, 2, 2);
    Layer layer = provider.create("local", local(2, 1), List.of(in));
    float[] w = {1, 10, 2, 20, 3, 30, 4, 40}; // [4 positions, 2 filters, 1 tap]
    float[] b = {0.5f, 0, 0, 0, 0, 0, 0, -1}; // [2 filters, 2, 2]
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer).setParam("weight", w).setParam("bias", b);
        Volume x = backend.upload(in, new float[] {1, 2, 3, 4});
        Volume y = layer.forward(ctx, List.of(x))) {
      VolumeAssertions.assertClose(new float[] {1.5f, 4, 9, 16, 10, 40, 90, 159}, y.toArray(), 0, "per-position");
    }
  }

  private void checkGradients(Shape in, LayerSpec spec) {
    Layer layer = provider.create("local", spec, List.of(in));
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer);
        Volume x = backend.upload(in, new TckRandom(9).uniform(in.intSize()))) {
      GradientCheck.Result result = GradientCheck.of(layer, ctx).inputs(x).check();
      assertTrue(result.largestGradient() > 0.05, "gradients should not all be ~0: " + result);
    }
  }

  @Test
  void gradientsPlain() {
    checkGradients(Shape.nchw(2, 2, 4, 4), local(3, 3));
  }

  @Test
  void gradientsStridePadDilationWithoutBias() {
    checkGradients(Shape.nchw(2, 2, 6, 7), local(2, 3).with("stride", 2).with("pad", 1, 2).with("dilation", 2)
        .with("bias", 0).with("round", "floor"));
  }

  @Test
  void acceptsAnotherBatchSize() {
    Layer layer = provider.create("local", local(2, 3), List.of(Shape.nchw(4, 1, 5, 5)));
    Shape one = Shape.nchw(1, 1, 5, 5);
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer);
        Volume x = backend.upload(one, new TckRandom(10).uniform(one.intSize()));
        Volume y = layer.forward(ctx, List.of(x));
        Volume dy = backend.upload(y.shape(), new TckRandom(11).uniform(y.shape().intSize()))) {
      assertEquals(Shape.nchw(1, 2, 3, 3), y.shape());
      Volume dx = layer.backward(ctx, List.of(x), y, dy).get(0);
      assertEquals(one, dx.shape());
      dx.close();
    }
  }

  @Test
  void attributesAndShapesAreChecked() {
    Shape in = Shape.nchw(1, 3, 10, 10);
    ConvoyException groups = assertThrows(ConvoyException.class,
        () -> provider.create("local1", local(4, 3).with("groups", 2), List.of(in)));
    assertTrue(groups.getMessage().contains("local1") && groups.getMessage().contains("[groups]"), groups.getMessage());
    ConvoyException filters = assertThrows(ConvoyException.class,
        () -> provider.create("local1", LayerSpec.of("LocallyConnected").with("kernel", 3), List.of(in)));
    assertTrue(filters.getMessage().startsWith("local1:") && filters.getMessage().contains("'filters'"),
        filters.getMessage());
    ShapeException inexact = assertThrows(ShapeException.class,
        () -> provider.create("local1", local(4, 3).with("stride", 2), List.of(in)));
    assertTrue(inexact.getMessage().startsWith("local1: (W - F + 2P)/S + 1 = (10 - 3 + 0)/2 + 1 = 4.5"),
        inexact.getMessage());
    ShapeException rank = assertThrows(ShapeException.class,
        () -> provider.create("local1", local(4, 3), List.of(Shape.of(2, 10))));
    assertTrue(rank.getMessage().startsWith("local1:") && rank.getMessage().contains("rank 2"), rank.getMessage());
  }
}
