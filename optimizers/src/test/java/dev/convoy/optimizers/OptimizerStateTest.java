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
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.tck.TestLayerContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Exported state lets a new optimizer continue exactly where the old one stopped; bad state is refused. */
class OptimizerStateTest {
  private static final Shape WEIGHT = Shape.of(3, 4);
  private static final Shape BIAS = Shape.of(3);
  private final Backend backend = TestLayerContext.loadBackend("reference");
  private final Kernels kernels = KernelResolver.of(backend);

  /** Every optimizer, with hyperparameters that make each piece of state matter (step counts included). */
  private static Optimizer create(String name) {
    Attributes a = Attributes.empty().with("weight_decay", 0.01f);
    a = switch (name) {
      case "adagrad" -> a.with("lr_decay", 0.1f).with("initial_accumulator_value", 0.1f);
      case "rmsprop-momentum" -> a.with("momentum", 0.5f);
      default -> a;
    };
    String real = name.equals("rmsprop-momentum") ? "rmsprop" : name;
    return OptimizerGoldenTest.providerOf(real).create(real, a);
  }

  /** Two parameters, fresh gradients each step (optimizers may add weight decay into them). */
  private final class Params implements AutoCloseable {
    final List<TestParameter> list = new ArrayList<>();

    Params(float[] weight, float[] bias) {
      list.add(new TestParameter("fc.weight", backend.upload(WEIGHT, weight), backend.allocate(WEIGHT)));
      list.add(new TestParameter("fc.bias", backend.upload(BIAS, bias), backend.allocate(BIAS)));
    }

    void steps(Optimizer optimizer, int from, int to) {
      for (int t = from; t <= to; t++) {
        for (TestParameter p : list) {
          p.gradient().write(values(p.gradient().shape(), 100 + t + p.name().length()));
        }
        optimizer.step(kernels, list);
      }
    }

    float[] weight() {
      return list.get(0).value().toArray();
    }

    float[] bias() {
      return list.get(1).value().toArray();
    }

    @Override
    public void close() {
      list.forEach(p -> {
        p.value().close();
        p.gradient().close();
      });
    }
  }

  private static float[] values(Shape shape, long seed) {
    Random random = new Random(seed);
    float[] v = new float[shape.intSize()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }

  @ParameterizedTest
  @ValueSource(strings = {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "rmsprop-momentum", "adam", "adamw"})
  void twoStepsThenTwoMoreFromExportedStateEqualFourStepsExactly(String name) {
    Optimizer straight = create(name);
    Optimizer first = create(name);
    Optimizer resumed = create(name);
    Optimizer restarted = create(name);
    try (Params a = new Params(values(WEIGHT, 1), values(BIAS, 2));
        Params b = new Params(values(WEIGHT, 1), values(BIAS, 2))) {
      a.steps(straight, 1, 4);
      b.steps(first, 1, 2);
      Map<String, float[]> saved = first.exportState();
      try (Params c = new Params(b.weight(), b.bias()); Params d = new Params(b.weight(), b.bias())) {
        resumed.importState(saved);
        c.steps(resumed, 3, 4);
        assertArrayEquals(a.weight(), c.weight(), name);
        assertArrayEquals(a.bias(), c.bias(), name);
        restarted.importState(Map.of());
        d.steps(restarted, 3, 4);
        if (first.stateSlotsPerParameter() > 0) {
          assertFalse(Arrays.equals(a.weight(), d.weight()), name + ": without its state it must differ");
        } else {
          assertEquals(Map.of(), saved, name + " keeps no state");
        }
      }
    }
  }

  @Test
  void stateIsNamedByParameterAndSlotAndIsACopy() {
    Optimizer adam = create("adam");
    try (Params p = new Params(values(WEIGHT, 1), values(BIAS, 2))) {
      p.steps(adam, 1, 3);
      Map<String, float[]> state = adam.exportState();
      assertEquals(Set.of("fc.weight/exp_avg", "fc.weight/exp_avg_sq", "fc.weight/step", "fc.bias/exp_avg",
          "fc.bias/exp_avg_sq", "fc.bias/step"), state.keySet());
      assertArrayEquals(new float[] {3, 0}, state.get("fc.weight/step"));
      assertEquals(WEIGHT.size(), state.get("fc.weight/exp_avg").length);
      state.get("fc.weight/exp_avg")[0] = 1e6f;
      assertFalse(adam.exportState().get("fc.weight/exp_avg")[0] == 1e6f, "export must copy");

      // Imported state that has not been used yet is exported as it came.
      Optimizer again = create("adam");
      again.importState(adam.exportState());
      Map<String, float[]> waiting = again.exportState();
      adam.exportState().forEach((k, v) -> assertArrayEquals(v, waiting.get(k), k));
    }
    try (Params p = new Params(values(WEIGHT, 1), values(BIAS, 2))) {
      Optimizer momentum = create("momentum");
      p.steps(momentum, 1, 1);
      assertEquals(Set.of("fc.weight/momentum_buffer", "fc.weight/step", "fc.bias/momentum_buffer", "fc.bias/step"),
          momentum.exportState().keySet());
    }
  }

  @Test
  void stepCountsStayExactBeyondWhatOneFloatHolds() {
    for (long steps : new long[] {0, 1, (1L << 24) - 1, 1L << 24, (1L << 24) + 1, 123_456_789_012L}) {
      assertEquals(steps, StepCount.decode(StepCount.encode(steps), "t"), Long.toString(steps));
    }
    assertThrows(ConvoyException.class, () -> StepCount.decode(new float[] {1.5f, 0}, "t"));
    assertThrows(ConvoyException.class, () -> StepCount.decode(new float[] {1}, "t"));
  }

  @Test
  void stateThatDoesNotFitIsRefusedWithTheReason() {
    Map<String, float[]> adamState;
    Map<String, float[]> momentumState;
    try (Params p = new Params(values(WEIGHT, 1), values(BIAS, 2))) {
      Optimizer adam = create("adam");
      p.steps(adam, 1, 1);
      adamState = adam.exportState();
      Optimizer momentum = create("momentum");
      p.steps(momentum, 1, 1);
      momentumState = momentum.exportState();
    }
    ConvoyException other = assertThrows(ConvoyException.class, () -> create("momentum").importState(adamState));
    assertTrue(other.getMessage().contains("exp_avg") && other.getMessage().contains("another optimizer"),
        other.getMessage());
    ConvoyException stateless = assertThrows(ConvoyException.class, () -> create("sgd").importState(momentumState));
    assertTrue(stateless.getMessage().contains("keeps no state"), stateless.getMessage());
    ConvoyException rmsprop = assertThrows(ConvoyException.class,
        () -> create("rmsprop-momentum").importState(withoutKey(
            stateOf("rmsprop-momentum"), "fc.bias/momentum_buffer")));
    assertTrue(rmsprop.getMessage().contains("lacks 'fc.bias/momentum_buffer'"), rmsprop.getMessage());
    ConvoyException noStep = assertThrows(ConvoyException.class,
        () -> create("adam").importState(withoutKey(adamState, "fc.weight/step")));
    assertTrue(noStep.getMessage().contains("lacks 'fc.weight/step'"), noStep.getMessage());

    // Checked against the parameters at the first step, before anything moves.
    try (Params p = new Params(values(WEIGHT, 1), values(BIAS, 2))) {
      Map<String, float[]> renamed = new HashMap<>();
      adamState.forEach((k, v) -> renamed.put(k.replace("fc.bias", "fc2.bias"), v));
      Optimizer adam = create("adam");
      adam.importState(renamed);
      float[] before = p.weight();
      ConvoyException missing = assertThrows(ConvoyException.class, () -> p.steps(adam, 2, 2));
      assertTrue(missing.getMessage().contains("nothing for parameter 'fc.bias'"), missing.getMessage());
      assertArrayEquals(before, p.weight(), "nothing may move");

      Map<String, float[]> wrongSize = new HashMap<>(adamState);
      wrongSize.put("fc.bias/exp_avg", new float[7]);
      Optimizer sized = create("adam");
      sized.importState(wrongSize);
      ConvoyException size = assertThrows(ConvoyException.class, () -> p.steps(sized, 2, 2));
      assertTrue(size.getMessage().contains("'fc.bias/exp_avg' has 7 values but parameter 'fc.bias' has 3"),
          size.getMessage());
    }
    try (Params p = new Params(values(WEIGHT, 1), values(BIAS, 2))) {
      Map<String, float[]> extra = new HashMap<>(adamState);
      extra.put("conv9.weight/exp_avg", new float[1]);
      extra.put("conv9.weight/exp_avg_sq", new float[1]);
      extra.put("conv9.weight/step", new float[] {1, 0});
      Optimizer adam = create("adam");
      adam.importState(extra);
      ConvoyException e = assertThrows(ConvoyException.class, () -> p.steps(adam, 2, 2));
      assertTrue(e.getMessage().contains("'conv9.weight', which the network does not have"), e.getMessage());
    }
  }

  private Map<String, float[]> stateOf(String name) {
    try (Params p = new Params(values(WEIGHT, 1), values(BIAS, 2))) {
      Optimizer optimizer = create(name);
      p.steps(optimizer, 1, 1);
      return optimizer.exportState();
    }
  }

  private static Map<String, float[]> withoutKey(Map<String, float[]> state, String key) {
    Map<String, float[]> copy = new HashMap<>(state);
    assertTrue(copy.remove(key) != null, key);
    return copy;
  }
}
