package dev.convoy.layers.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import dev.convoy.tck.TckRandom;
import dev.convoy.tck.TestLayerContext;
import dev.convoy.tck.VolumeAssertions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loss values against direct double computations, and the backward contract of the losses. */
class LossTest {
  private final Backend backend = TestLayerContext.loadBackend("reference");

  private float loss(LayerSpec spec, int n, int k, float[] scores, float[] labels) {
    Layer layer = new CoreLayerProvider().create("loss", spec, List.of(Shape.of(n, k), Shape.of(n)));
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer);
        Volume s = backend.upload(Shape.of(n, k), scores);
        Volume y = backend.upload(Shape.of(n), labels);
        Volume out = layer.forward(ctx, List.of(s, y))) {
      assertEquals(Shape.of(1), out.shape());
      return out.toArray()[0];
    }
  }

  @Test
  void svmOfTheCs231nCatExample() {
    // max(0, 5.1 - 3.2 + 1) + max(0, -1.7 - 3.2 + 1) = 2.9
    assertEquals(2.9f, loss(LayerSpec.of("MulticlassSvm"), 1, 3, new float[] {3.2f, 5.1f, -1.7f}, new float[] {0}),
        1e-5f);
  }

  @Test
  void svmIsTheMeanOverTheBatchAndUsesTheMargin() {
    float[] scores = {3.2f, 5.1f, -1.7f, 1.3f, 4.9f, 2.0f, 2.2f, 2.5f, -3.1f};
    float[] labels = {0, 1, 2};
    // cat 2.9, car 0, frog 12.9: mean 5.27 (the CS231n linear-classification example)
    assertEquals((2.9 + 0 + 12.9) / 3, loss(LayerSpec.of("MulticlassSvm"), 3, 3, scores, labels), 1e-5);
    assertEquals(3.9f, loss(LayerSpec.of("MulticlassSvm").with("margin", 2f), 1, 3,
        new float[] {3.2f, 5.1f, -1.7f}, new float[] {0}), 1e-5f);
  }

  @Test
  void softmaxCrossEntropyIsTheMeanNegativeLogLikelihood() {
    int n = 3;
    int k = 4;
    float[] scores = new TckRandom(8).uniform(n * k, -3f, 3f);
    float[] labels = {2, 0, 3};
    double total = 0;
    for (int r = 0; r < n; r++) {
      double sum = 0;
      for (int j = 0; j < k; j++) {
        sum += Math.exp(scores[r * k + j]);
      }
      total += -Math.log(Math.exp(scores[r * k + (int) labels[r]]) / sum);
    }
    assertEquals(total / n, loss(LayerSpec.of("SoftmaxCrossEntropy"), n, k, scores, labels), 1e-5);
  }

  @Test
  void backwardScalesByTheOutputGradientAndGivesLabelsNone() {
    Layer layer = new CoreLayerProvider().create("loss", LayerSpec.of("SoftmaxCrossEntropy"),
        List.of(Shape.of(2, 3), Shape.of(2)));
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer);
        Volume s = backend.upload(Shape.of(2, 3), new float[] {1, 2, 3, 0, 0, 0});
        Volume y = backend.upload(Shape.of(2), new float[] {2, 1});
        Volume out = layer.forward(ctx, List.of(s, y));
        Volume three = backend.upload(Shape.of(1), new float[] {3})) {
      List<Volume> grads = layer.backward(ctx, List.of(s, y), out, three);
      assertNull(grads.get(1));
      // dOut * (softmax - onehot) / N with dOut = 3, N = 2
      double e = Math.exp(1) + Math.exp(2) + Math.exp(3);
      double[] expected = {Math.exp(1) / e, Math.exp(2) / e, Math.exp(3) / e - 1, 1 / 3.0, 1 / 3.0 - 1, 1 / 3.0};
      for (int i = 0; i < expected.length; i++) {
        expected[i] *= 3 / 2.0;
      }
      VolumeAssertions.assertClose(expected, grads.get(0).toArray(), 1e-5, "dScores");
      grads.get(0).close();
    }
  }

  @Test
  void backwardAfterAnInferenceForwardComputesTheGradientItself() {
    // Inference keeps no score gradient; a backward that follows one must still give the right one.
    Layer layer = new CoreLayerProvider().create("loss", LayerSpec.of("MulticlassSvm"),
        List.of(Shape.of(1, 3), Shape.of(1)));
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer);
        Volume s = backend.upload(Shape.of(1, 3), new float[] {3.2f, 5.1f, -1.7f});
        Volume y = backend.upload(Shape.of(1), new float[] {0});
        Volume out = layer.forward(ctx.training(false), List.of(s, y));
        Volume half = backend.upload(Shape.of(1), new float[] {0.5f})) {
      assertEquals(2.9f, out.toArray()[0], 1e-5f);
      List<Volume> grads = layer.backward(ctx.training(true), List.of(s, y), out, half);
      // only the car class violates the margin: d/ds = [-1, 1, 0], times 0.5
      VolumeAssertions.assertClose(new float[] {-0.5f, 0.5f, 0f}, grads.get(0).toArray(), 1e-6, "dScores");
      grads.get(0).close();
    }
  }

  @Test
  void labelsMustMatchTheBatch() {
    ShapeException e = assertThrows(ShapeException.class, () -> new CoreLayerProvider().create("loss",
        LayerSpec.of("MulticlassSvm"), List.of(Shape.of(4, 10), Shape.of(3))));
    assertTrue(e.getMessage().startsWith("loss:") && e.getMessage().contains("[4]")
        && e.getMessage().contains("[3]"), e.getMessage());
  }

  @Test
  void lossesTakeTwoInputs() {
    ShapeException e = assertThrows(ShapeException.class, () -> new CoreLayerProvider().create("loss",
        LayerSpec.of("SoftmaxCrossEntropy"), List.of(Shape.of(4, 10))));
    assertTrue(e.getMessage().startsWith("loss:") && e.getMessage().contains("2 inputs"), e.getMessage());
  }
}
