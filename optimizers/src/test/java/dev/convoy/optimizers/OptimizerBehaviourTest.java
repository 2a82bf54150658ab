package dev.convoy.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Attributes;
import dev.convoy.api.Backend;
import dev.convoy.api.KernelResolver;
import dev.convoy.api.Kernels;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Optimizer;
import dev.convoy.api.OptimizerProvider;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.tck.TestLayerContext;
import java.lang.module.ModuleDescriptor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** What every optimizer shares: names, state slots, skipping state, no decay of biases, and its checks. */
class OptimizerBehaviourTest {
  private static final Set<String> ALL = Set.of("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw");
  private final Backend backend = TestLayerContext.loadBackend("reference");
  private final Kernels kernels = KernelResolver.of(backend);

  private static Optimizer create(String name, Attributes hyperparameters) {
    return OptimizerGoldenTest.providerOf(name).create(name, hyperparameters);
  }

  @Test
  void bothProvidersAreRegisteredAndCoverEveryName() {
    ModuleDescriptor descriptor = SgdOptimizerProvider.class.getModule().getDescriptor();
    if (descriptor != null) { // null when the tests run on the class path
      Set<String> providers = descriptor.provides().stream().flatMap(p -> p.providers().stream())
          .collect(Collectors.toSet());
      assertEquals(Set.of(SgdOptimizerProvider.class.getName(), AdaptiveOptimizerProvider.class.getName()), providers);
    }
    Set<String> names = new java.util.HashSet<>(new SgdOptimizerProvider().names());
    names.addAll(new AdaptiveOptimizerProvider().names());
    assertEquals(ALL, names);
  }

  @Test
  void stateSlotsPerParameter() {
    Map<String, Integer> expected = Map.of("sgd", 0, "momentum", 1, "nesterov", 1, "adagrad", 1, "rmsprop", 1,
        "adam", 2, "adamw", 2);
    expected.forEach((name, slots) -> assertEquals(slots, create(name, Attributes.empty()).stateSlotsPerParameter(),
        name));
    assertEquals(2, create("rmsprop", Attributes.empty().with("momentum", 0.9f)).stateSlotsPerParameter());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"})
  void leavesStateAloneAndDoesNotDecayBiases(String name) {
    Shape s = Shape.of(4);
    float[] start = {1, -2, 3, 0.5f};
    Optimizer optimizer = create(name, Attributes.empty().with("weight_decay", 0.1f));
    try (Volume runningVar = backend.upload(s, start);
        Volume runningGrad = backend.upload(s, new float[] {1, 1, 1, 1});
        Volume bias = backend.upload(s, start);
        Volume biasGrad = backend.allocate(s);
        Volume weight = backend.upload(s, start);
        Volume weightGrad = backend.upload(s, new float[] {0.5f, -1, 0.25f, 2})) {
      List<TestParameter> params = List.of(new TestParameter("bn.running_var", runningVar, runningGrad, false),
          new TestParameter("fc.bias", bias, biasGrad), new TestParameter("fc.weight", weight, weightGrad));
      optimizer.step(kernels, params);
      optimizer.step(kernels, params);
      assertArrayEquals(start, runningVar.toArray(), name + ": state must not be trained");
      assertArrayEquals(start, bias.toArray(), name + ": a bias with zero gradient must not decay");
      assertFalse(Arrays.equals(start, weight.toArray()), name + ": the weight must move");
    }
  }

  @Test
  void learningRateCanBeChanged() {
    for (String name : ALL) {
      Optimizer optimizer = create(name, Attributes.empty().with("lr", 0.5f));
      assertEquals(0.5f, optimizer.learningRate(), name);
      optimizer.learningRate(0.05f);
      assertEquals(0.05f, optimizer.learningRate(), name);
    }
  }

  @Test
  void hyperparametersAreChecked() {
    ConvoyException unknown = assertThrows(ConvoyException.class,
        () -> create("adam", Attributes.empty().with("betas", 0.9f)));
    assertTrue(unknown.getMessage().contains("adam") && unknown.getMessage().contains("[betas]")
        && unknown.getMessage().contains("beta1"), unknown.getMessage());
    ConvoyException beta = assertThrows(ConvoyException.class,
        () -> create("adamw", Attributes.empty().with("beta2", 1f)));
    assertTrue(beta.getMessage().startsWith("optimizer adamw: beta2 must be in [0, 1)"), beta.getMessage());
    ConvoyException lr = assertThrows(ConvoyException.class, () -> create("rmsprop", Attributes.empty().with("lr", 0f)));
    assertTrue(lr.getMessage().startsWith("optimizer rmsprop: lr must be a positive number"), lr.getMessage());
    ConvoyException decay = assertThrows(ConvoyException.class,
        () -> create("adagrad", Attributes.empty().with("lr_decay", -1f)));
    assertTrue(decay.getMessage().contains("lr_decay must be >= 0"), decay.getMessage());
    ConvoyException nesterov = assertThrows(ConvoyException.class,
        () -> create("nesterov", Attributes.empty().with("momentum", 0f)));
    assertTrue(nesterov.getMessage().contains("momentum must be above 0"), nesterov.getMessage());
    OptimizerProvider adaptive = new AdaptiveOptimizerProvider();
    ConvoyException name = assertThrows(ConvoyException.class, () -> adaptive.create("adamax", Attributes.empty()));
    assertTrue(name.getMessage().contains("adamax") && name.getMessage().contains("adam"), name.getMessage());
    assertEquals(Set.of("lr", "alpha", "eps", "weight_decay", "momentum"), adaptive.hyperparameters("rmsprop"));
  }
}
