package dev.convoy.optimizers;

import dev.convoy.api.Attributes;
import dev.convoy.api.Backend;
import dev.convoy.api.KernelResolver;
import dev.convoy.api.Kernels;
import dev.convoy.api.Optimizer;
import dev.convoy.api.OptimizerProvider;
import dev.convoy.api.Volume;
import dev.convoy.tck.GoldenFile;
import dev.convoy.tck.TestLayerContext;
import dev.convoy.tck.VolumeAssertions;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every optimizer's first three steps on a small tensor against PyTorch 1.13's {@code torch.optim}
 * (files in {@code src/test/resources/golden}, written by its make_golden.py), with defaults and
 * with every hyperparameter set.
 */
class OptimizerGoldenTest {
  private final Backend backend = TestLayerContext.loadBackend("reference");
  private final Kernels kernels = KernelResolver.of(backend);

  static OptimizerProvider providerOf(String name) {
    for (OptimizerProvider p : List.of(new SgdOptimizerProvider(), new AdaptiveOptimizerProvider())) {
      if (p.names().contains(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("no provider for " + name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sgd", "sgd_weight_decay", "momentum", "nesterov", "nesterov_default", "adagrad_default",
      "adagrad_all", "rmsprop_default", "rmsprop_momentum", "adam_default", "adam_all", "adamw_default", "adamw_all"})
  void firstThreeStepsMatchPyTorch(String file) {
    GoldenFile g = GoldenFile.load(OptimizerGoldenTest.class::getResourceAsStream, "/golden/" + file + ".json");
    String name = g.text("optimizer");
    Attributes hyperparameters = Attributes.empty();
    for (String key : g.configNames()) {
      if (!key.equals("optimizer")) {
        hyperparameters = hyperparameters.with(key, (float) g.number(key));
      }
    }
    Optimizer optimizer = providerOf(name).create(name, hyperparameters);
    try (Volume w = g.upload(backend, "w0"); Volume grad = backend.allocate(w.shape())) {
      // PyTorch decays every parameter of a group; Convoy decays weights, so this one is a weight.
      List<TestParameter> params = List.of(new TestParameter("conv1.weight", w, grad));
      for (int step = 1; step <= 3; step++) {
        grad.write(g.values("g" + step));
        optimizer.step(kernels, params);
        VolumeAssertions.assertClose(g.values("w" + step), w.toArray(), 1e-5, file + " after step " + step);
      }
    }
  }
}
