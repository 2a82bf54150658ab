package dev.convoy.runtime;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.KernelFamily;
import dev.convoy.api.Kernels;
import dev.convoy.api.LayerContext;
import dev.convoy.api.Volume;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import java.util.random.RandomGenerator;

/** The {@link LayerContext} of one node for one step: its parameters and a step-seeded random source. */
final class NodeContext implements LayerContext {
  private final String node;
  private final Kernels kernels;
  private final boolean training;
  private final long randomSeed;
  private final Map<String, TrainableParameter> parameters;
  private final IntPredicate inputGradientNeeded;

  NodeContext(String node, Kernels kernels, boolean training, long randomSeed, Map<String, TrainableParameter> parameters) {
    this(node, kernels, training, randomSeed, parameters, input -> true);
  }

  private NodeContext(String node, Kernels kernels, boolean training, long randomSeed,
      Map<String, TrainableParameter> parameters, IntPredicate inputGradientNeeded) {
    this.node = node;
    this.kernels = kernels;
    this.training = training;
    this.randomSeed = randomSeed;
    this.parameters = parameters;
    this.inputGradientNeeded = inputGradientNeeded;
  }

  /** The same context, for a backward call in which only the inputs {@code needed} accepts get gradients. */
  NodeContext withInputGradients(IntPredicate needed) {
    return new NodeContext(node, kernels, training, randomSeed, parameters, needed);
  }

  @Override
  public boolean needsInputGradient(int input) {
    return inputGradientNeeded.test(input);
  }

  @Override
  public Backend backend() {
    return kernels.backend();
  }

  @Override
  public <F extends KernelFamily> F family(Class<F> family) {
    return kernels.family(family);
  }

  @Override
  public boolean training() {
    return training;
  }

  /** A fresh generator each call, so forward and backward of one step draw the same numbers. */
  @Override
  public RandomGenerator random() {
    return new SplittableRandom(randomSeed);
  }

  @Override
  public Volume param(String name) {
    return parameter(name).value();
  }

  @Override
  public Volume paramGradient(String name) {
    return parameter(name).gradient();
  }

  @Override
  public float paramGradientBeta(String name) {
    return parameter(name).gradientBeta();
  }

  private TrainableParameter parameter(String name) {
    TrainableParameter p = parameters.get(name);
    if (p == null) {
      throw new ConvoyException("node '" + node + "' asked for parameter '" + name + "', which its layer did not declare"
          + " (declared: " + parameters.keySet() + ")");
    }
    return p;
  }
}
