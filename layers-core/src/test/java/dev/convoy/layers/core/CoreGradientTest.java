package dev.convoy.layers.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.tck.GradientCheck;
import dev.convoy.tck.TckRandom;
import dev.convoy.tck.TestLayerContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Central-difference checks of every core layer's input gradient (labels have none). */
class CoreGradientTest {
  private final Backend backend = TestLayerContext.loadBackend("reference");
  private final TckRandom random = new TckRandom(21);

  private void check(LayerSpec spec, List<Shape> shapes, List<float[]> values, double minGradient) {
    Layer layer = new CoreLayerProvider().create("node", spec, shapes);
    List<Volume> inputs = new ArrayList<>();
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer).seed(5)) {
      for (int i = 0; i < shapes.size(); i++) {
        inputs.add(backend.upload(shapes.get(i), values.get(i)));
      }
      GradientCheck.Result result = GradientCheck.of(layer, ctx).inputs(inputs).check();
      assertTrue(result.largestGradient() > minGradient, "gradients should not all be ~0: " + result);
    } finally {
      inputs.forEach(Volume::close);
    }
  }

  private void check(LayerSpec spec, Shape shape, float[] values) {
    check(spec, List.of(shape), List.of(values), 0.05);
  }

  /** Magnitudes in [0.1, 1] with random signs: a step of 0.01 never crosses ReLU's kink at 0. */
  private float[] awayFromZero(int count) {
    float[] v = random.uniform(count, 0.1f, 1f);
    for (int i = 0; i < count; i++) {
      v[i] = random.nextInt(2) == 0 ? v[i] : -v[i];
    }
    return v;
  }

  @Test
  void relu() {
    Shape s = Shape.nchw(2, 3, 3, 3);
    check(LayerSpec.of("Relu"), s, awayFromZero(s.intSize()));
  }

  @Test
  void flatten() {
    Shape s = Shape.nchw(2, 3, 2, 2);
    check(LayerSpec.of("Flatten"), s, random.uniform(s.intSize()));
  }

  @Test
  void dropoutWhileTrainingWithAFixedSeed() {
    Shape s = Shape.nchw(2, 3, 4, 4);
    check(LayerSpec.of("Dropout").with("ratio", 0.3f), s, random.uniform(s.intSize()));
  }

  @Test
  void softmax() {
    Shape s = Shape.of(3, 5);
    check(LayerSpec.of("Softmax"), s, random.uniform(s.intSize(), -2f, 2f));
  }

  @Test
  void softmaxOverOneByOneScores() {
    Shape s = Shape.nchw(3, 5, 1, 1);
    check(LayerSpec.of("Softmax"), s, random.uniform(s.intSize(), -2f, 2f));
  }

  @Test
  void softmaxCrossEntropy() {
    Shape s = Shape.of(4, 5);
    check(LayerSpec.of("SoftmaxCrossEntropy"), List.of(s, Shape.of(4)),
        List.of(random.uniform(s.intSize(), -2f, 2f), random.labels(4, 5)), 0.01);
  }

  @Test
  void softmaxCrossEntropyOverOneByOneScores() {
    Shape s = Shape.nchw(4, 5, 1, 1);
    check(LayerSpec.of("SoftmaxCrossEntropy"), List.of(s, Shape.of(4)),
        List.of(random.uniform(s.intSize(), -2f, 2f), random.labels(4, 5)), 0.01);
  }

  @Test
  void multiclassSvm() {
    int n = 4;
    int k = 5;
    float margin = 1f;
    float[] labels = random.labels(n, k);
    float[] scores = random.uniform(n * k, -2f, 2f);
    // Keep every s_j - s_y + margin at least 0.1 from the hinge's kink at 0.
    for (int r = 0; r < n; r++) {
      float correct = scores[r * k + (int) labels[r]];
      for (int j = 0; j < k; j++) {
        if (j != (int) labels[r] && Math.abs(scores[r * k + j] - correct + margin) < 0.1f) {
          scores[r * k + j] += 0.3f;
        }
      }
    }
    check(LayerSpec.of("MulticlassSvm").with("margin", margin), List.of(Shape.of(n, k), Shape.of(n)),
        List.of(scores, labels), 0.01);
  }
}
