package dev.convoy.layers.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import dev.convoy.tck.TckRandom;
import dev.convoy.tck.TestLayerContext;
import dev.convoy.tck.VolumeAssertions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** BatchNorm's parameters, its statistics while training and at inference, and its checks. */
class BatchNormTest {
  private final Backend backend = LayerChecks.BACKEND;
  private final NormalizationLayerProvider provider = new NormalizationLayerProvider();

  private Layer batchNorm(Shape shape) {
    return provider.create("bn1", LayerSpec.of("BatchNorm"), List.of(shape));
  }

  @Test
  void declaresGammaAndBetaTrainedAndTheRunningStatisticsAsState() {
    List<ParamSpec> specs = batchNorm(Shape.nchw(2, 5, 3, 3)).parameters();
    assertEquals(List.of("weight", "bias", "running_mean", "running_var"), specs.stream().map(ParamSpec::name).toList());
    assertEquals(List.of(true, true, false, false), specs.stream().map(ParamSpec::trainable).toList());
    specs.forEach(s -> assertEquals(Shape.of(5), s.shape(), s.name()));
  }

  @Test
  void trainingNormalizesEachChannelToMeanZeroAndVarianceOne() {
    Shape s = Shape.nchw(4, 3, 5, 5);
    Layer layer = batchNorm(s);
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer);
        Volume x = backend.upload(s, new TckRandom(3).uniform(s.intSize(), 2f, 9f));
        Volume y = layer.forward(ctx, List.of(x))) {
      float[] v = y.toArray();
      for (int c = 0; c < 3; c++) {
        double sum = 0;
        double squares = 0;
        for (int n = 0; n < 4; n++) {
          for (int p = 0; p < 25; p++) {
            double value = v[(n * 3 + c) * 25 + p];
            sum += value;
            squares += value * value;
          }
        }
        assertEquals(0, sum / 100, 1e-5, "mean of channel " + c);
        assertEquals(1, squares / 100, 1e-3, "variance of channel " + c + " (epsilon makes it a little less)");
      }
    }
  }

  @Test
  void inferenceUsesTheRunningStatisticsAndLeavesThemAlone() {
    Shape s = Shape.of(2, 2);
    Layer layer = batchNorm(s);
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer).training(false)) {
      ctx.setParam("running_mean", 1f, -2f).setParam("running_var", 4f, 0.25f)
          .setParam("weight", 2f, 1f).setParam("bias", 0.5f, 0f);
      try (Volume x = backend.upload(s, new float[] {3, 0, 1, -2});
          Volume y = layer.forward(ctx, List.of(x))) {
        double e = 1e-5;
        double[] expected = {2 * (3 - 1) / Math.sqrt(4 + e) + 0.5, (0 + 2) / Math.sqrt(0.25 + e),
            2 * (1 - 1) / Math.sqrt(4 + e) + 0.5, (-2 + 2) / Math.sqrt(0.25 + e)};
        VolumeAssertions.assertClose(expected, y.toArray(), 1e-6, "inference output");
      }
      assertArrayEquals(new float[] {1f, -2f}, ctx.param("running_mean").toArray());
      assertArrayEquals(new float[] {4f, 0.25f}, ctx.param("running_var").toArray());
    }
  }

  @Test
  void runningStatisticsMoveByMomentumWithTheUnbiasedVariance() {
    Shape s = Shape.of(4, 1);
    Layer layer = provider.create("bn", LayerSpec.of("BatchNorm").with("momentum", 0.25f), List.of(s));
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer);
        Volume x = backend.upload(s, new float[] {1, 2, 3, 6})) {
      layer.forward(ctx, List.of(x)).close();
      // batch mean 3, unbiased variance (4 + 1 + 0 + 9) / 3
      assertEquals(0.75 * 0 + 0.25 * 3, ctx.param("running_mean").toArray()[0], 1e-6);
      assertEquals(0.75 * 1 + 0.25 * 14 / 3.0, ctx.param("running_var").toArray()[0], 1e-6);
    }
  }

  @Test
  void backwardLeavesTheRunningStatisticGradientsAtZero() {
    Shape s = Shape.nchw(2, 2, 2, 2);
    Layer layer = batchNorm(s);
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer);
        Volume x = backend.upload(s, new TckRandom(4).uniform(s.intSize()));
        Volume y = layer.forward(ctx, List.of(x));
        Volume dy = backend.upload(s, new TckRandom(5).uniform(s.intSize()))) {
      layer.backward(ctx, List.of(x), y, dy).get(0).close();
      assertArrayEquals(new float[2], ctx.paramGradient("running_mean").toArray());
      assertArrayEquals(new float[2], ctx.paramGradient("running_var").toArray());
      assertFalse(java.util.Arrays.equals(new float[2], ctx.paramGradient("bias").toArray()));
    }
  }

  @Test
  void acceptsAnotherBatchSize() {
    Layer layer = batchNorm(Shape.nchw(8, 3, 4, 4));
    Shape three = Shape.nchw(3, 3, 4, 4);
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer);
        Volume x = backend.upload(three, new TckRandom(6).uniform(three.intSize()));
        Volume y = layer.forward(ctx, List.of(x))) {
      assertEquals(three, y.shape());
    }
  }

  @Test
  void oneValuePerChannelCannotTrain() {
    Shape s = Shape.of(1, 4);
    Layer layer = batchNorm(s);
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer);
        Volume x = backend.upload(s, new float[] {1, 2, 3, 4})) {
      ConvoyException e = assertThrows(ConvoyException.class, () -> layer.forward(ctx, List.of(x)));
      assertTrue(e.getMessage().startsWith("bn1:") && e.getMessage().contains("batch of 2"), e.getMessage());
      ctx.training(false);
      layer.forward(ctx, List.of(x)).close(); // inference with one image is fine
    }
  }

  @Test
  void attributesAndShapesAreChecked() {
    ConvoyException typo = assertThrows(ConvoyException.class, () -> provider.create("bn1",
        LayerSpec.of("BatchNorm").with("eps", 1e-3f), List.of(Shape.of(2, 3))));
    assertTrue(typo.getMessage().contains("bn1") && typo.getMessage().contains("[eps]")
        && typo.getMessage().contains("epsilon"), typo.getMessage());
    ConvoyException momentum = assertThrows(ConvoyException.class, () -> provider.create("bn1",
        LayerSpec.of("BatchNorm").with("momentum", 1.5f), List.of(Shape.of(2, 3))));
    assertTrue(momentum.getMessage().startsWith("bn1:") && momentum.getMessage().contains("[0, 1]"),
        momentum.getMessage());
    ConvoyException epsilon = assertThrows(ConvoyException.class, () -> provider.create("bn1",
        LayerSpec.of("BatchNorm").with("epsilon", 0f), List.of(Shape.of(2, 3))));
    assertTrue(epsilon.getMessage().startsWith("bn1:"), epsilon.getMessage());
    ShapeException rank = assertThrows(ShapeException.class,
        () -> provider.create("bn1", LayerSpec.of("BatchNorm"), List.of(Shape.of(6))));
    assertTrue(rank.getMessage().startsWith("bn1:") && rank.getMessage().contains("rank 2"), rank.getMessage());
  }
}
