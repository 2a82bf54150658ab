package dev.convoy.zoo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Attributes;
import dev.convoy.api.Backend;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Optimizer;
import dev.convoy.api.Parameter;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.runtime.BackendSelector;
import dev.convoy.runtime.ForwardPass;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.ProviderRegistry;
import dev.convoy.tck.CoreOnlyBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The backend contract's promise: a backend made of the core alone (storage, GEMM, elementwise)
 * trains a real network through the host fallbacks. LeNet, 50 momentum steps from one seed on the
 * kit's {@link CoreOnlyBackend} and on the reference backend, ends with the same weights up to
 * float rounding.
 */
class CoreOnlyTrainingTest {
  private static final ProviderRegistry REGISTRY = ProviderRegistry.load();
  private static final int BATCH = 4;
  private static final int STEPS = 50;

  @Test
  void lenetTrainsOnTheCoreAloneToTheReferenceBackendsWeights() {
    Network net = Zoo.get("lenet").build(REGISTRY, BATCH).withLoss(REGISTRY, LayerSpec.of("SoftmaxCrossEntropy"));
    List<float[]> reference;
    List<float[]> coreOnly;
    float[] losses = new float[2];
    try (Backend backend = new BackendSelector(REGISTRY).select("reference").open()) {
      reference = train(net, backend, losses, 0);
    }
    try (Backend backend = new CoreOnlyBackend()) {
      coreOnly = train(net, backend, losses, 1);
    }
    assertTrue(losses[0] < 2.0, "the reference run learned: last loss " + losses[0]);
    double worst = 0;
    for (int p = 0; p < reference.size(); p++) {
      float[] a = reference.get(p);
      float[] b = coreOnly.get(p);
      double scale = 0;
      double diff = 0;
      for (int i = 0; i < a.length; i++) {
        scale = Math.max(scale, Math.abs(a[i]));
        diff = Math.max(diff, Math.abs(a[i] - b[i]));
      }
      worst = Math.max(worst, diff / Math.max(scale, 1e-12));
    }
    assertTrue(worst < 1e-4, "weights differ by up to " + worst + " of their magnitude");
  }

  /** Trains 50 steps on fixed random data; returns every parameter's values, records the last loss. */
  private static List<float[]> train(Network net, Backend backend, float[] losses, int run) {
    Optimizer sgd = REGISTRY.optimizerProvider("momentum").create("momentum", Attributes.empty().with("lr", 0.01f));
    Random random = new Random(7);
    float[] images = new float[BATCH * 28 * 28];
    float[] labels = new float[BATCH];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) random.nextGaussian();
    }
    for (int i = 0; i < BATCH; i++) {
      labels[i] = i % 10;
    }
    try (Model model = Model.create(net, backend, 1);
        Volume x = backend.upload(Shape.nchw(BATCH, 1, 28, 28), images);
        Volume y = backend.upload(Shape.of(BATCH), labels);
        Volume one = backend.upload(Shape.of(1), new float[] {1f})) {
      for (int step = 0; step < STEPS; step++) {
        model.zeroGradients();
        try (ForwardPass pass = model.forward(Map.of(net.inputs().getFirst().name(), x, Network.LABELS, y), true)) {
          losses[run] = pass.value(Network.LOSS).toArray()[0];
          pass.backwardToParameters(Map.of(Network.LOSS, one));
        }
        sgd.step(model.kernels(), model.parameters());
      }
      List<float[]> values = new ArrayList<>();
      for (Parameter p : model.parameters()) {
        values.add(p.value().toArray());
      }
      return values;
    }
  }
}
