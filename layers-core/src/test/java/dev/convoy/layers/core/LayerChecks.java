package dev.convoy.layers.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerProvider;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.tck.GradientCheck;
import dev.convoy.tck.TestLayerContext;
import java.util.ArrayList;
import java.util.List;

/** Runs a central-difference check of a layer made by a provider, on the reference backend. */
final class LayerChecks {
  static final Backend BACKEND = TestLayerContext.loadBackend("reference");

  private LayerChecks() {}

  /** Checks every input and trainable parameter; asserts that some gradient exceeds {@code minGradient}. */
  static GradientCheck.Result gradients(LayerProvider provider, LayerSpec spec, List<Shape> shapes,
      List<float[]> values, boolean training, double minGradient) {
    Layer layer = provider.create("node", spec, shapes);
    List<Volume> inputs = new ArrayList<>();
    try (TestLayerContext ctx = new TestLayerContext(BACKEND).seed(5).allocate(layer).training(training)) {
      for (int i = 0; i < shapes.size(); i++) {
        inputs.add(BACKEND.upload(shapes.get(i), values.get(i)));
      }
      GradientCheck.Result result = GradientCheck.of(layer, ctx).inputs(inputs).check();
      assertTrue(result.largestGradient() > minGradient, "gradients should not all be ~0: " + result);
      return result;
    } finally {
      inputs.forEach(Volume::close);
    }
  }
}
