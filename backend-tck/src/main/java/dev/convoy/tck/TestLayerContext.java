package dev.convoy.tck;

import dev.convoy.api.Backend;
import dev.convoy.api.BackendProvider;
import dev.convoy.api.Init;
import dev.convoy.api.KernelFamily;
import dev.convoy.api.KernelResolver;
import dev.convoy.api.Kernels;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerContext;
import dev.convoy.api.ParamSpec;
import dev.convoy.api.Volume;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * A {@link LayerContext} for testing one layer without a runtime: it allocates the layer's declared
 * parameters (initialised from their {@link Init} with a seeded generator) and zeroed gradients,
 * and hands out the backend's kernel families as the runtime does, through a {@link KernelResolver}
 * (the backend's own, else the host fallback).
 *
 * <p>{@link #random()} returns a <em>new</em> generator seeded the same way on every call, so that
 * repeated forward passes (as a {@link GradientCheck} makes) see the same dropout mask.
 *
 * <pre>{@code
 * try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer)) {
 *   Volume y = layer.forward(ctx, List.of(x));
 * }
 * }</pre>
 *
 * <p>Not thread-safe; {@link #close()} closes the parameter and gradient volumes.
 */
public final class TestLayerContext implements LayerContext, AutoCloseable {
  private final Backend backend;
  private final Kernels kernels;
  private final Map<String, Volume> params = new LinkedHashMap<>();
  private final Map<String, Volume> gradients = new LinkedHashMap<>();
  private boolean training = true;
  private long seed = 42;
  private boolean inputGradients = true;

  /** A training context with seed 42 and no parameters; see {@link #allocate(Layer)}. */
  public TestLayerContext(Backend backend) {
    this(KernelResolver.of(backend));
  }

  /**
   * As {@link #TestLayerContext(Backend)}, with the families of {@code kernels}: e.g. to test a
   * layer with kernels of your own, or with a resolver given the fallbacks you choose.
   */
  public TestLayerContext(Kernels kernels) {
    this.backend = kernels.backend();
    this.kernels = kernels;
  }

  /**
   * Finds the backend called {@code name} (e.g. {@code reference}) with {@link ServiceLoader} and
   * creates it; the caller closes it. Works from a module's tests, which need not declare {@code uses}.
   *
   * @throws IllegalStateException naming the backends found when none is called {@code name}
   */
  public static Backend loadBackend(String name) {
    List<String> found = new ArrayList<>();
    for (BackendProvider provider : ServiceLoader.load(BackendProvider.class)) {
      if (provider.name().equals(name)) {
        return provider.create();
      }
      found.add(provider.name());
    }
    throw new IllegalStateException("no backend called '" + name + "' on the module or class path (found: "
        + found + "); add its jar as a test dependency");
  }

  /** A training context with seed 42 holding {@code layer}'s parameters. */
  public static TestLayerContext forLayer(Backend backend, Layer layer) {
    return new TestLayerContext(backend).allocate(layer);
  }

  /**
   * Allocates every parameter {@code layer} declares, filled from its {@link Init} by a generator
   * seeded with {@link #seed(long) the seed}, and a zeroed gradient for each. Replaces parameters
   * of the same name.
   */
  public TestLayerContext allocate(Layer layer) {
    Random random = new Random(seed);
    for (ParamSpec spec : layer.parameters()) {
      close(params.put(spec.name(), backend.upload(spec.shape(), initialValues(spec, random))));
      close(gradients.put(spec.name(), backend.allocate(spec.shape())));
    }
    return this;
  }

  /** Sets the phase: true (the default) for training, false for inference. */
  public TestLayerContext training(boolean training) {
    this.training = training;
    return this;
  }

  /** Whether {@link #needsInputGradient} answers true (default) or false for every input, as for a network input while training. */
  public TestLayerContext inputGradients(boolean needed) {
    this.inputGradients = needed;
    return this;
  }

  @Override
  public boolean needsInputGradient(int input) {
    return inputGradients;
  }

  /** Sets the seed of {@link #random()} and of later {@link #allocate} calls (default 42). */
  public TestLayerContext seed(long seed) {
    this.seed = seed;
    return this;
  }

  /** Overwrites parameter {@code name} with {@code values}, e.g. to test with known weights. */
  public TestLayerContext setParam(String name, float... values) {
    param(name).write(values);
    return this;
  }

  /** Sets every parameter gradient to zero, as the runtime does once per step. */
  public void zeroGradients() {
    for (Volume g : gradients.values()) {
      backend.fill(g, 0f);
    }
  }

  /** The names of the allocated parameters, in declaration order. */
  public Set<String> paramNames() {
    return params.keySet();
  }

  @Override
  public Backend backend() {
    return backend;
  }

  @Override
  public <F extends KernelFamily> F family(Class<F> family) {
    return kernels.family(family);
  }

  @Override
  public boolean training() {
    return training;
  }

  /** A new generator seeded with the seed: every call starts the same sequence. */
  @Override
  public RandomGenerator random() {
    return new Random(seed);
  }

  @Override
  public Volume param(String name) {
    return lookup(params, name, "parameter");
  }

  @Override
  public Volume paramGradient(String name) {
    return lookup(gradients, name, "parameter gradient");
  }

  /** Closes every parameter and gradient volume. */
  @Override
  public void close() {
    params.values().forEach(Volume::close);
    gradients.values().forEach(Volume::close);
    params.clear();
    gradients.clear();
  }

  private static Volume lookup(Map<String, Volume> map, String name, String what) {
    Volume v = map.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no " + what + " '" + name + "' in this test context (allocated: "
          + map.keySet() + "); call allocate(layer) for a layer that declares it");
    }
    return v;
  }

  private static void close(Volume v) {
    if (v != null) {
      v.close();
    }
  }

  /** Draws initial values the way the runtime does: uniform in [-b, b), normal, or constant. */
  private static float[] initialValues(ParamSpec spec, Random random) {
    float[] values = new float[spec.shape().intSize()];
    switch (spec.init()) {
      case Init.Constant c -> java.util.Arrays.fill(values, c.value());
      case Init.Uniform u -> {
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) ((random.nextDouble() * 2 - 1) * u.bound());
        }
      }
      case Init.Normal n -> {
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) (random.nextGaussian() * n.std());
        }
      }
    }
    return values;
  }
}
