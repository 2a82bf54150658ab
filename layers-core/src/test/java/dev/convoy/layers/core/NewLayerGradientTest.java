package dev.convoy.layers.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.tck.GradientCheck;
import dev.convoy.tck.TckRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Central-difference checks of BatchNorm (training and inference, NCHW and NC, gamma and beta
 * too), LRN, the activations, Add and Concat.
 */
class NewLayerGradientTest {
  private final TckRandom random = new TckRandom(33);

  private GradientCheck.Result check(dev.convoy.api.LayerProvider provider, LayerSpec spec, Shape shape,
      float[] values, boolean training) {
    return LayerChecks.gradients(provider, spec, List.of(shape), List.of(values), training, 0.05);
  }

  /** Magnitudes in [0.1, 2] with random signs: a step of 0.01 never crosses a kink at 0. */
  private float[] awayFromZero(int count) {
    float[] v = random.uniform(count, 0.1f, 2f);
    for (int i = 0; i < count; i++) {
      v[i] = random.nextInt(2) == 0 ? v[i] : -v[i];
    }
    return v;
  }

  @Test
  void batchNormTrainingNchwChecksInputWeightAndBias() {
    Shape s = Shape.nchw(3, 2, 3, 3);
    GradientCheck.Result r = check(new NormalizationLayerProvider(), LayerSpec.of("BatchNorm"), s,
        random.uniform(s.intSize(), -2f, 3f), true);
    // 54 inputs, 2 weights, 2 biases; the running statistics are state, not checked
    assertEquals(58, r.checkedValues());
  }

  @Test
  void batchNormTrainingOverFeatures() {
    Shape s = Shape.of(5, 4);
    check(new NormalizationLayerProvider(), LayerSpec.of("BatchNorm").with("epsilon", 1e-3f), s,
        random.uniform(s.intSize(), -2f, 2f), true);
  }

  @Test
  void batchNormInferenceUsesTheRunningStatisticsAsConstants() {
    Shape s = Shape.nchw(2, 3, 2, 2);
    check(new NormalizationLayerProvider(), LayerSpec.of("BatchNorm"), s, random.uniform(s.intSize(), -2f, 2f), false);
  }

  @Test
  void lrnOddAndEvenSizes() {
    Shape s = Shape.nchw(2, 6, 2, 3);
    float[] x = random.uniform(s.intSize(), -2f, 2f);
    LayerSpec strong = LayerSpec.of("LRN").with("alpha", 0.5f).with("beta", 0.75f).with("bias", 1.5f);
    check(new NormalizationLayerProvider(), strong.with("size", 3), s, x, true);
    check(new NormalizationLayerProvider(), strong.with("size", 4), s, x, true);
    check(new NormalizationLayerProvider(), strong.with("size", 9), s, x, true);
  }

  @Test
  void activations() {
    Shape s = Shape.nchw(2, 3, 3, 3);
    float[] x = awayFromZero(s.intSize());
    ActivationLayerProvider provider = new ActivationLayerProvider();
    check(provider, LayerSpec.of("LeakyRelu"), s, x, true);
    check(provider, LayerSpec.of("LeakyRelu").with("alpha", 0.3f), s, x, true);
    check(provider, LayerSpec.of("Sigmoid"), s, x, true);
    check(provider, LayerSpec.of("Tanh"), s, x, true);
    // values kept 0.05 or more from the bounds 0.5 and 1.5
    float[] clipped = x.clone();
    for (int i = 0; i < clipped.length; i++) {
      if (Math.abs(clipped[i] - 0.5f) < 0.05f || Math.abs(clipped[i] - 1.5f) < 0.05f) {
        clipped[i] += 0.1f;
      }
    }
    check(provider, LayerSpec.of("Clip").with("min", 0.5f).with("max", 1.5f), s, clipped, true);
    float[] wide = x.clone();
    for (int i = 0; i < wide.length; i++) {
      wide[i] *= 4f; // reaches past 6 and below 0
      if (Math.abs(wide[i] - 6f) < 0.05f) {
        wide[i] += 0.1f;
      }
    }
    check(provider, LayerSpec.of("Relu6"), s, wide, true);
  }

  @Test
  void addOfThreeInputs() {
    Shape s = Shape.nchw(2, 3, 2, 2);
    LayerChecks.gradients(new MergeLayerProvider(), LayerSpec.of("Add"), List.of(s, s, s),
        List.of(random.uniform(s.intSize()), random.uniform(s.intSize()), random.uniform(s.intSize())), true, 0.4);
  }

  @Test
  void concatOfThreeBranches() {
    Shape a = Shape.nchw(2, 1, 3, 3);
    Shape b = Shape.nchw(2, 3, 3, 3);
    Shape c = Shape.nchw(2, 2, 3, 3);
    LayerChecks.gradients(new MergeLayerProvider(), LayerSpec.of("Concat"), List.of(a, b, c),
        List.of(random.uniform(a.intSize()), random.uniform(b.intSize()), random.uniform(c.intSize())), true, 0.4);
  }

  @Test
  void concatOfFeatureVectors() {
    Shape a = Shape.of(3, 4);
    Shape b = Shape.of(3, 2);
    LayerChecks.gradients(new MergeLayerProvider(), LayerSpec.of("Concat").with("axis", 1), List.of(a, b),
        List.of(random.uniform(a.intSize()), random.uniform(b.intSize())), true, 0.4);
  }
}
