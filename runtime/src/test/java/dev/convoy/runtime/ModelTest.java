package dev.convoy.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ModelTest {
  private static final ProviderRegistry REGISTRY = ProviderRegistry.load();
  private static final Backend BACKEND = new BackendSelector(REGISTRY).select("reference").open();

  @AfterAll
  static void closeBackend() {
    BACKEND.close();
  }

  private static Network smallConvNet(int batch) {
    return Sequential.input(REGISTRY, Shape.nchw(batch, 1, 8, 8))
        .conv(4, 3, 1, 1).relu().maxPool(2, 2).fc(2).build();
  }

  private static Volume random(Shape shape, long seed) {
    Random random = new Random(seed);
    float[] values = new float[shape.intSize()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return BACKEND.upload(shape, values);
  }

  @Test
  void theSameSeedGivesTheSameParametersAndAnotherSeedOthers() {
    Network net = smallConvNet(1);
    try (Model a = Model.create(net, BACKEND, 7); Model b = Model.create(net, BACKEND, 7);
        Model c = Model.create(net, BACKEND, 8)) {
      float[] wa = a.parameter("conv1.weight").value().toArray();
      assertArrayEquals(wa, b.parameter("conv1.weight").value().toArray());
      assertFalse(Arrays.equals(wa, c.parameter("conv1.weight").value().toArray()));
      assertEquals(List.of("conv1.weight", "conv1.bias", "fc1.weight", "fc1.bias"),
          a.parameters().stream().map(p -> p.name()).toList());
    }
  }

  @Test
  void inferenceFreesEachActivationAfterItsLastReader() {
    Sequential chain = Sequential.input(REGISTRY, Shape.of(1, 1000));
    for (int i = 0; i < 6; i++) {
      chain.relu();
    }
    Network net = chain.build();
    try (Model model = Model.create(net, BACKEND, 1); Volume x = random(Shape.of(1, 1000), 1)) {
      Volume y = model.predict(x);
      // Six activations of 1000 values each, but never more than the current one and the next.
      assertEquals(2000, model.lastInferencePeakValues());
      float[] expected = x.toArray();
      for (int i = 0; i < expected.length; i++) {
        expected[i] = Math.max(0, expected[i]);
      }
      assertArrayEquals(expected, y.toArray());
      y.close();
    }
  }

  @Test
  void inferenceAndTheForwardPassAgreeAndAcceptAnyBatchSize() {
    try (Model model = Model.create(smallConvNet(4), BACKEND, 3); Volume x = random(Shape.nchw(3, 1, 8, 8), 2)) {
      Volume inferred = model.predict(x);
      try (ForwardPass pass = model.forward(Map.of("data", x), false)) {
        assertArrayEquals(inferred.toArray(), pass.output().toArray());
        assertEquals(Shape.of(3, 2), inferred.shape());
      }
      inferred.close();
    }
  }

  @Test
  void wrongInputShapeIsAClearError() {
    try (Model model = Model.create(smallConvNet(1), BACKEND, 3); Volume x = random(Shape.nchw(1, 3, 8, 8), 2)) {
      ConvoyException e = assertThrows(ConvoyException.class, () -> model.predict(x));
      assertEquals("input 'data' has shape [1, 3, 8, 8] but the network expects [1, 1, 8, 8] (any batch size)",
          e.getMessage());
    }
  }

  /** A value read by two nodes gets the sum of both gradients; checked against central differences. */
  @Test
  void backpropagationThroughABranchingGraphMatchesCentralDifferences() {
    Network net = Network.builder(REGISTRY)
        .input("data", Shape.nchw(2, 2, 6, 6))
        .node("conv", LayerSpec.of("Conv").with("filters", 3).with("kernel", 3).with("pad", 1), "data")
        // Both branches are smooth, so central differences see no ReLU kink.
        .node("left", LayerSpec.of("Flatten"), "conv")
        .node("right", LayerSpec.of("AveragePool").with("kernel", 2), "conv")
        .output("left", "right")
        .build();
    try (Model model = Model.create(net, BACKEND, 11); Volume x = random(Shape.nchw(2, 2, 6, 6), 5);
        Volume rLeft = random(net.shape("left"), 6); Volume rRight = random(net.shape("right"), 7)) {
      model.zeroGradients();
      Map<String, Volume> inputGradients;
      try (ForwardPass pass = model.forward(Map.of("data", x), true)) {
        inputGradients = pass.backward(Map.of("left", rLeft, "right", rRight));
      }
      float[] analyticW = model.parameter("conv.weight").gradient().toArray();
      float[] analyticX = inputGradients.get("data").toArray();
      inputGradients.values().forEach(Volume::close);

      Volume w = model.parameter("conv.weight").value();
      for (int i = 0; i < analyticW.length; i += 5) {
        double numeric = centralDifference(model, w, i, x, rLeft, rRight);
        assertEquals(numeric, analyticW[i], 2e-2 * Math.max(1, Math.abs(numeric)), "conv.weight[" + i + "]");
      }
      for (int i = 0; i < analyticX.length; i += 7) {
        double numeric = centralDifference(model, x, i, x, rLeft, rRight);
        assertEquals(numeric, analyticX[i], 2e-2 * Math.max(1, Math.abs(numeric)), "data[" + i + "]");
      }
    }
  }

  private static double centralDifference(Model model, Volume target, int index, Volume x, Volume rLeft,
      Volume rRight) {
    float[] values = target.toArray();
    float original = values[index];
    double h = 1e-2;
    values[index] = (float) (original + h);
    target.write(values);
    double plus = objective(model, x, rLeft, rRight);
    values[index] = (float) (original - h);
    target.write(values);
    double minus = objective(model, x, rLeft, rRight);
    values[index] = original;
    target.write(values);
    return (plus - minus) / (2 * h);
  }

  /** L = sum(left * rLeft) + sum(right * rRight), in double. */
  private static double objective(Model model, Volume x, Volume rLeft, Volume rRight) {
    Map<String, Volume> out = model.infer(Map.of("data", x));
    double sum = dot(out.get("left").toArray(), rLeft.toArray()) + dot(out.get("right").toArray(), rRight.toArray());
    out.values().forEach(Volume::close);
    return sum;
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }

  /** Dropout masks come from (seed, node, step): a model told to go on from step k draws what step k + 1 drew. */
  @Test
  void aRestoredStepCountContinuesTheDropoutMasks() {
    Network net = Sequential.input(REGISTRY, Shape.of(2, 50)).dropout(0.5f).build();
    try (Model straight = Model.create(net, BACKEND, 4); Model resumed = Model.create(net, BACKEND, 4);
        Volume x = random(Shape.of(2, 50), 3)) {
      float[] firstMask;
      try (ForwardPass pass = straight.forward(Map.of("data", x), true)) {
        firstMask = pass.output().toArray();
      }
      float[] secondMask;
      try (ForwardPass pass = straight.forward(Map.of("data", x), true)) {
        secondMask = pass.output().toArray();
      }
      assertEquals(2, straight.step());
      assertFalse(Arrays.equals(firstMask, secondMask), "each step draws a new mask");
      try (ForwardPass inference = straight.forward(Map.of("data", x), false)) {
        assertEquals(2, straight.step(), "inference is not a training step");
      }

      resumed.step(1);
      try (ForwardPass pass = resumed.forward(Map.of("data", x), true)) {
        assertArrayEquals(secondMask, pass.output().toArray());
      }
      assertEquals(2, resumed.step());
      assertThrows(ConvoyException.class, () -> resumed.step(-1));
    }
  }

  @Test
  void aLossNodeTrainsTheNetworkAndInferenceNeedsNoLabels() {
    int batch = 16;
    Network net = smallConvNet(batch).withLoss(REGISTRY, LayerSpec.of("SoftmaxCrossEntropy"));
    // Class 0: bright left half; class 1: bright right half; plus noise.
    Random random = new Random(3);
    float[] images = new float[batch * 64];
    float[] labels = new float[batch];
    for (int n = 0; n < batch; n++) {
      labels[n] = n % 2;
      for (int p = 0; p < 64; p++) {
        boolean left = p % 8 < 4;
        images[n * 64 + p] = (left == (n % 2 == 0) ? 1f : 0f) + 0.3f * (float) random.nextGaussian();
      }
    }
    var optimizer = REGISTRY.optimizerProvider("momentum").create("momentum",
        dev.convoy.api.Attributes.empty().with("lr", 0.05f));
    try (Model model = Model.create(net, BACKEND, 1); Volume x = BACKEND.upload(Shape.nchw(batch, 1, 8, 8), images);
        Volume y = BACKEND.upload(Shape.of(batch), labels); Volume one = BACKEND.upload(Shape.of(1), new float[] {1})) {
      float first = 0;
      float last = 0;
      for (int step = 0; step < 40; step++) {
        model.zeroGradients();
        try (ForwardPass pass = model.forward(Map.of("data", x, Network.LABELS, y), true)) {
          last = pass.value(Network.LOSS).toArray()[0];
          first = step == 0 ? last : first;
          pass.backward(Map.of(Network.LOSS, one)).values().forEach(Volume::close);
        }
        optimizer.step(model.kernels(), model.parameters());
      }
      assertTrue(last < first / 4, "loss went from " + first + " to " + last);
      Volume scores = model.infer(Map.of("data", x)).get("fc1");
      float[] s = scores.toArray();
      for (int n = 0; n < batch; n++) {
        int predicted = s[2 * n + 1] > s[2 * n] ? 1 : 0;
        assertEquals((int) labels[n], predicted, "image " + n);
      }
      scores.close();
    }
  }

  @Test
  void backwardToParametersGivesTheParameterGradientsOfAFullBackward() {
    int batch = 3;
    Network net = smallConvNet(batch).withLoss(REGISTRY, LayerSpec.of("SoftmaxCrossEntropy"));
    try (Model model = Model.create(net, BACKEND, 5); Volume x = random(Shape.nchw(batch, 1, 8, 8), 9);
        Volume y = BACKEND.upload(Shape.of(batch), new float[] {0, 1, 1});
        Volume one = BACKEND.upload(Shape.of(1), new float[] {1})) {
      model.zeroGradients();
      Map<String, Volume> inputGradients;
      try (ForwardPass pass = model.forward(Map.of("data", x, Network.LABELS, y), true)) {
        inputGradients = pass.backward(Map.of(Network.LOSS, one));
      }
      assertTrue(inputGradients.containsKey("data"));
      inputGradients.values().forEach(Volume::close);
      List<float[]> full = model.parameters().stream().map(p -> p.gradient().toArray()).toList();

      model.zeroGradients();
      try (ForwardPass pass = model.forward(Map.of("data", x, Network.LABELS, y), true)) {
        pass.backwardToParameters(Map.of(Network.LOSS, one));
      }
      for (int i = 0; i < full.size(); i++) {
        assertArrayEquals(full.get(i), model.parameters().get(i).gradient().toArray(),
            model.parameters().get(i).name());
      }
    }
  }
  @Test
  void zeroedGradientsStartEachStepFromZeroAndAccumulateWithoutIt() {
    int batch = 3;
    Network net = smallConvNet(batch).withLoss(REGISTRY, LayerSpec.of("SoftmaxCrossEntropy"));
    try (Model model = Model.create(net, BACKEND, 5); Volume x = random(Shape.nchw(batch, 1, 8, 8), 9);
        Volume y = BACKEND.upload(Shape.of(batch), new float[] {0, 1, 1});
        Volume one = BACKEND.upload(Shape.of(1), new float[] {1})) {
      for (var p : model.parameters()) {
        BACKEND.fill(p.gradient(), Float.NaN); // what a previous step could leave: never to be read
      }
      model.zeroGradients();
      for (var p : model.parameters()) {
        for (float g : p.gradient().toArray()) {
          assertEquals(0f, g, p.name() + " reads as zeros before backward");
        }
        BACKEND.fill(p.gradient(), Float.NaN);
      }
      model.zeroGradients();
      Runnable backward = () -> {
        try (ForwardPass pass = model.forward(Map.of("data", x, Network.LABELS, y), true)) {
          pass.backwardToParameters(Map.of(Network.LOSS, one));
        }
      };
      backward.run();
      List<float[]> once = model.parameters().stream().map(p -> p.gradient().toArray()).toList();
      model.zeroGradients();
      backward.run();
      backward.run(); // no zeroing in between: both steps add up, the FC weight's GEMM included
      for (int i = 0; i < once.size(); i++) {
        double size = 0;
        for (float v : once.get(i)) {
          size += Math.abs(v);
        }
        assertTrue(size > 0, model.parameters().get(i).name() + " got a gradient");
        float[] twice = model.parameters().get(i).gradient().toArray();
        for (int j = 0; j < twice.length; j++) {
          assertTrue(Float.isFinite(once.get(i)[j]), model.parameters().get(i).name() + " has no NaN left from before");
          assertEquals(2 * once.get(i)[j], twice[j], 1e-6 * (1 + Math.abs(twice[j])), model.parameters().get(i).name());
        }
      }
    }
  }
}
