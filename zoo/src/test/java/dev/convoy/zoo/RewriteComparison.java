package dev.convoy.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.runtime.InferenceRewrites;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.Node;
import dev.convoy.runtime.ProviderRegistry;
import dev.convoy.runtime.RewriteReport;
import dev.convoy.runtime.RewrittenModel;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Runs a network before and after {@link InferenceRewrites} on the same random input and checks
 * that the outputs agree within {@link #TOLERANCE} of the largest output magnitude. BatchNorm
 * parameters and running statistics are set to random values first: fresh ones (gamma 1, beta 0,
 * mean 0, variance 1) would make a wrong fold look right.
 */
final class RewriteComparison {
  /** The rewrites only reorder float rounding. */
  static final double TOLERANCE = 1e-5;

  private RewriteComparison() {}

  /** What a comparison found: the rewrites' report and the networks before and after. */
  record Result(RewriteReport report, Network original, Network rewritten, double relativeError) {}

  static Result compare(ProviderRegistry registry, String what, Network network, Backend backend, long seed) {
    Random random = new Random(seed);
    try (Model original = Model.create(network, backend, seed)) {
      randomizeBatchNorms(original, random);
      Shape shape = network.inputs().getFirst().shape();
      String input = network.inputs().getFirst().name();
      String output = network.outputs().getFirst();
      try (Volume x = backend.upload(shape, uniform(random, shape.intSize(), -1, 1))) {
        float[] expected = run(original, input, x, output);
        Map<String, float[]> before = snapshot(original);
        RewrittenModel rewritten = InferenceRewrites.rewrite(original, registry);
        try (Model fused = rewritten.model()) {
          float[] actual = run(fused, input, x, output);
          assertUnchanged(before, original);
          double error = relativeError(expected, actual, what + " on " + backend.name());
          return new Result(rewritten.report(), network, fused.network(), error);
        }
      }
    }
  }

  private static float[] run(Model model, String input, Volume x, String output) {
    try (Volume y = model.infer(Map.of(input, x)).get(output)) {
      return y.toArray();
    }
  }

  /** max |actual - expected| / max |expected|, asserted to be within {@link #TOLERANCE}. */
  static double relativeError(float[] expected, float[] actual, String what) {
    assertTrue(expected.length == actual.length, what + ": output sizes differ");
    double magnitude = 0;
    double error = 0;
    for (int i = 0; i < expected.length; i++) {
      magnitude = Math.max(magnitude, Math.abs(expected[i]));
      error = Math.max(error, Math.abs((double) actual[i] - expected[i]));
    }
    assertTrue(magnitude > 0 && Double.isFinite(magnitude), what + ": output is all zeros or not finite");
    double relative = error / magnitude;
    assertTrue(relative <= TOLERANCE, what + ": rewritten output differs by " + relative + " of its largest magnitude "
        + magnitude + " (tolerance " + TOLERANCE + ")");
    return relative;
  }

  /** gamma, beta, running mean and variance of every BatchNorm to values far from the fresh ones. */
  static void randomizeBatchNorms(Model model, Random random) {
    Map<String, float[]> ranges = Map.of("weight", new float[] {0.5f, 1.5f}, "bias", new float[] {-0.2f, 0.2f},
        "running_mean", new float[] {-0.2f, 0.2f}, "running_var", new float[] {0.5f, 2f});
    for (Node node : model.network().nodes()) {
      if (node.spec().type().equals("BatchNorm")) {
        ranges.forEach((name, range) -> {
          Volume v = model.parameter(node.qualify(name)).value();
          v.write(uniform(random, v.shape().intSize(), range[0], range[1]));
        });
      }
    }
  }

  /** The rewrite reads the original's parameters and must not change them: training goes on from it. */
  private static Map<String, float[]> snapshot(Model model) {
    Map<String, float[]> values = new HashMap<>();
    model.parameters().stream().filter(p -> p.value().shape().size() < 100_000) // BatchNorms and biases
        .forEach(p -> values.put(p.name(), p.value().toArray()));
    return values;
  }

  private static void assertUnchanged(Map<String, float[]> before, Model model) {
    before.forEach((name, values) -> assertArrayEquals(values, model.parameter(name).value().toArray(),
        name + " changed"));
  }

  static float[] uniform(Random random, int count, float low, float high) {
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = low + (high - low) * random.nextFloat();
    }
    return values;
  }

  /** How many nodes of {@code network} are of layer type {@code type}. */
  static long count(Network network, String type) {
    return network.nodes().stream().filter(n -> n.spec().type().equals(type)).count();
  }
}
