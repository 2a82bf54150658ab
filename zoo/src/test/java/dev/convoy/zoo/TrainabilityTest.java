package dev.convoy.zoo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Attributes;
import dev.convoy.api.Backend;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Optimizer;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.runtime.BackendSelector;
import dev.convoy.runtime.ForwardPass;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.ProviderRegistry;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The zoo's architectures learn: a few momentum steps on one fixed batch lower its loss, which
 * needs forward, backward and every parameter gradient of every layer kind they use (BatchNorm,
 * residual Add, Inception's Concat, tanh, average pooling) to fit together. The ImageNet nets are
 * built for small images here so that the reference backend runs them in a second.
 */
class TrainabilityTest {
  private static final ProviderRegistry REGISTRY = ProviderRegistry.load();
  private static final Backend BACKEND = new BackendSelector(REGISTRY).select("reference").open();

  @AfterAll
  static void closeBackend() {
    BACKEND.close();
  }

  private static float[] losses(Network net, int steps, float lr) {
    Network training = net.withLoss(REGISTRY, LayerSpec.of("SoftmaxCrossEntropy"));
    Shape input = net.inputs().getFirst().shape();
    Random random = new Random(7);
    float[] images = new float[input.intSize()];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) random.nextGaussian();
    }
    float[] labels = new float[input.n()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i % 10;
    }
    float[] losses = new float[steps];
    Optimizer momentum = REGISTRY.optimizerProvider("momentum").create("momentum", Attributes.empty().with("lr", lr));
    try (Model model = Model.create(training, BACKEND, 1);
        Volume x = BACKEND.upload(input, images);
        Volume y = BACKEND.upload(Shape.of(input.n()), labels);
        Volume one = BACKEND.upload(Shape.of(1), new float[] {1f})) {
      for (int step = 0; step < steps; step++) {
        model.zeroGradients();
        try (ForwardPass pass = model.forward(Map.of(net.inputs().getFirst().name(), x, Network.LABELS, y), true)) {
          losses[step] = pass.value(Network.LOSS).toArray()[0];
          pass.backward(Map.of(Network.LOSS, one)).values().forEach(Volume::close);
        }
        momentum.step(model.kernels(), model.parameters());
      }
    }
    return losses;
  }

  private static void assertLearns(String what, float[] losses) {
    for (float loss : losses) {
      assertTrue(Float.isFinite(loss), what + ": " + Arrays.toString(losses));
    }
    assertTrue(losses[losses.length - 1] < losses[0], what + " loss should fall: " + Arrays.toString(losses));
  }

  @Test
  void lenet5Learns() {
    assertLearns("lenet5", losses(Zoo.get("lenet5").build(REGISTRY, 4), 5, 0.05f));
  }

  @Test
  void resnet18Learns() {
    assertLearns("resnet18", losses(Zoo.get("resnet18").build(REGISTRY, Shape.nchw(2, 3, 32, 32)), 2, 0.01f));
  }

  @Test
  void googlenetLearns() {
    assertLearns("googlenet", losses(Zoo.get("googlenet").build(REGISTRY, Shape.nchw(2, 3, 32, 32)), 2, 0.01f));
  }
}
