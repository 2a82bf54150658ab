package dev.convoy.tck;

import static org.junit.jupiter.api.Assertions.fail;

import dev.convoy.api.Backend;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerContext;
import dev.convoy.api.ParamSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Checks any layer's backward pass (ours or a plugin's) against central differences, the check the
 * CS231n notes recommend for every layer.
 *
 * <p>The scalar checked is {@code L = sum(output * R)} with {@code R} a fixed seeded random tensor, so
 * {@code dL/dOutput = R}. Its analytic gradient comes from one {@link Layer#backward} call; the
 * numeric one is {@code (L(v + h) - L(v - h)) / 2h} per value {@code v}, with {@code L} summed in
 * double from the float32 forward outputs. Every differentiable input (those whose backward gradient
 * is not null) and every declared trainable parameter is checked, on all values or on a seeded sample of
 * {@link #maxSamples} for larger tensors. The error of one value is
 * {@code |a - n| / max(|a| + |n|, floor)}; the check fails when the worst exceeds the tolerance, and
 * its message names the worst value (tensor, index, analytic, numeric).
 *
 * <pre>{@code
 * try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer)) {
 *   GradientCheck.of(layer, ctx).inputs(x).tolerance(1e-2).check();
 * }
 * }</pre>
 *
 * <p>Keep inputs away from kinks (ReLU at 0, ties in max pooling, hinge corners) by more than the
 * step {@code h}, or the two sides of the difference see different pieces of the function. Dropout
 * and other random layers need a context whose {@link LayerContext#random()} repeats itself, as
 * {@link TestLayerContext}'s does. Inputs and parameters are perturbed in place and restored
 * afterwards; parameter gradients are zeroed before the backward call and hold its result after.
 */
public final class GradientCheck {
  private final Layer layer;
  private final LayerContext ctx;
  private List<Volume> inputs = List.of();
  private final Set<Integer> skippedInputs = new HashSet<>();
  private double tolerance = 1e-2;
  private double step = 1e-2;
  private double floor = 1e-2;
  private int maxSamples = 200;
  private long seed = 1234;
  /** R of the current check: {@code dL/dOutput}. */
  private float[] weights;

  private GradientCheck(Layer layer, LayerContext ctx) {
    this.layer = layer;
    this.ctx = ctx;
  }

  /** A check of {@code layer}, whose parameters {@code ctx} holds. */
  public static GradientCheck of(Layer layer, LayerContext ctx) {
    return new GradientCheck(layer, ctx);
  }

  /** The layer's inputs, in its input order; volumes of the context's backend. */
  public GradientCheck inputs(Volume... inputs) {
    return inputs(List.of(inputs));
  }

  /** The layer's inputs, in its input order; volumes of the context's backend. */
  public GradientCheck inputs(List<Volume> inputs) {
    this.inputs = List.copyOf(inputs);
    return this;
  }

  /** Inputs not to check although backward returns a gradient for them (e.g. a non-smooth one). */
  public GradientCheck skipInputs(int... indices) {
    for (int i : indices) {
      skippedInputs.add(i);
    }
    return this;
  }

  /** The largest accepted relative error (default {@code 1e-2}). */
  public GradientCheck tolerance(double tolerance) {
    this.tolerance = tolerance;
    return this;
  }

  /** The finite-difference step {@code h} (default {@code 1e-2}, suited to a float32 forward). */
  public GradientCheck step(double step) {
    this.step = step;
    return this;
  }

  /**
   * The smallest denominator of the relative error (default {@code 1e-2}): gradients much smaller
   * than this are compared absolutely, since float32 noise in {@code L} dominates them.
   */
  public GradientCheck floor(double floor) {
    this.floor = floor;
    return this;
  }

  /** Values checked per tensor at most (default 200); larger tensors are sampled. */
  public GradientCheck maxSamples(int maxSamples) {
    this.maxSamples = maxSamples;
    return this;
  }

  /** Seed of {@code R} and of the sampling (default 1234). */
  public GradientCheck seed(long seed) {
    this.seed = seed;
    return this;
  }

  /**
   * Runs the check.
   *
   * @return what was compared, for further assertions (e.g. that the gradients were not all zero)
   * @throws org.opentest4j.AssertionFailedError when a gradient is off, missing or misshapen
   */
  public Result check() {
    SplittableRandom random = new SplittableRandom(seed);
    List<Target> targets = analyticGradients(random);
    if (targets.isEmpty()) {
      fail("gradient check: nothing to check; the layer has no parameters and backward returned no input gradient");
    }
    Result result = new Result(0, 0, "", 0);
    for (Target t : targets) {
      result = result.merge(compare(t, random));
    }
    if (!(result.worstError() <= tolerance)) {
      fail(String.format(Locale.ROOT, "gradient check failed (tolerance %.3g, step %.3g, %d values): %s",
          tolerance, step, result.checkedValues(), result.worst()));
    }
    return result;
  }

  /** One forward and one backward with {@code dL/dOutput = R}; the gradients to compare. */
  private List<Target> analyticGradients(SplittableRandom random) {
    Backend backend = ctx.backend();
    List<Target> targets = new ArrayList<>();
    List<Volume> grads = List.of();
    Volume out = layer.forward(ctx, inputs);
    try (Volume dOut = backend.upload(out.shape(), weights(out.shape().intSize(), random))) {
      for (ParamSpec p : layer.parameters()) {
        backend.fill(ctx.paramGradient(p.name()), 0f);
      }
      grads = layer.backward(ctx, inputs, out, dOut);
      if (grads == null || grads.size() != inputs.size()) {
        fail("gradient check: backward returned " + (grads == null ? "null" : grads.size() + " gradients")
            + " for " + inputs.size() + " inputs; return one per input (null where there is none)");
      }
      for (int i = 0; i < inputs.size(); i++) {
        Volume g = grads.get(i);
        if (g == null || skippedInputs.contains(i)) {
          continue;
        }
        if (!g.shape().equals(inputs.get(i).shape())) {
          fail("gradient check: the gradient of input " + i + " has shape " + g.shape() + " but the input has "
              + inputs.get(i).shape());
        }
        targets.add(new Target("input " + i, inputs.get(i), g.toArray()));
      }
      for (ParamSpec p : layer.parameters()) {
        if (!p.trainable()) {
          continue; // layer state such as running statistics: no gradient to check
        }
        targets.add(new Target("parameter " + p.name(), ctx.param(p.name()), ctx.paramGradient(p.name()).toArray()));
      }
    } finally {
      out.close();
      for (Volume g : grads == null ? List.<Volume>of() : grads) {
        if (g != null) {
          g.close();
        }
      }
    }
    return targets;
  }

  /** Central differences for a sample of the target's values, restoring them afterwards. */
  private Result compare(Target target, SplittableRandom random) {
    float[] original = target.volume().toArray();
    float[] values = original.clone();
    Result result = new Result(0, 0, "", 0);
    try {
      for (int i : sample(values.length, random)) {
        float plus = (float) (original[i] + step);
        float minus = (float) (original[i] - step);
        values[i] = plus;
        target.volume().write(values);
        double lossPlus = loss();
        values[i] = minus;
        target.volume().write(values);
        double lossMinus = loss();
        values[i] = original[i];
        // Divide by the step float32 really took, not the one asked for.
        double numeric = (lossPlus - lossMinus) / ((double) plus - (double) minus);
        double analytic = target.analytic()[i];
        double error = Math.abs(analytic - numeric) / Math.max(Math.abs(analytic) + Math.abs(numeric), floor);
        if (Double.isNaN(error)) {
          error = Double.POSITIVE_INFINITY;
        }
        String where = String.format(Locale.ROOT, "worst is %s at %s: analytic %.6g, numeric %.6g, relative error %.3g",
            target.name(), index(target.volume().shape(), i), analytic, numeric, error);
        result = result.merge(new Result(1, error, where, Math.abs(numeric)));
      }
    } finally {
      target.volume().write(original);
    }
    return result;
  }

  /** {@code L = sum(output * R)} in double. */
  private double loss() {
    float[] y;
    try (Volume out = layer.forward(ctx, inputs)) {
      y = out.toArray();
    }
    double sum = 0;
    for (int i = 0; i < y.length; i++) {
      sum += (double) y[i] * weights[i];
    }
    return sum;
  }

  /** R: magnitudes in [0.5, 1.5) with random signs, so no output's gradient is nearly zero. */
  private float[] weights(int size, SplittableRandom random) {
    weights = new float[size];
    for (int i = 0; i < size; i++) {
      float magnitude = (float) (0.5 + random.nextDouble());
      weights[i] = random.nextBoolean() ? magnitude : -magnitude;
    }
    return weights;
  }

  /** Every index, or a seeded sample of {@link #maxSamples} of them in ascending order. */
  private int[] sample(int size, SplittableRandom random) {
    int[] all = new int[size];
    Arrays.setAll(all, i -> i);
    if (size <= maxSamples) {
      return all;
    }
    for (int i = 0; i < maxSamples; i++) {
      int j = i + random.nextInt(size - i);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    int[] picked = Arrays.copyOf(all, maxSamples);
    Arrays.sort(picked);
    return picked;
  }

  /** {@code 17 [0, 1, 2, 3]}: the flat index and the coordinates in {@code shape}. */
  private static String index(Shape shape, int flat) {
    int[] dims = shape.dims();
    int[] coords = new int[dims.length];
    int rest = flat;
    for (int axis = dims.length - 1; axis >= 0; axis--) {
      coords[axis] = rest % dims[axis];
      rest /= dims[axis];
    }
    return flat + " " + Arrays.toString(coords) + " of " + shape;
  }

  /** A tensor to perturb and the analytic gradient of L with respect to it. */
  private record Target(String name, Volume volume, float[] analytic) {}

  /**
   * What a check compared: how many values, the worst relative error and where it was, and the
   * largest numeric gradient magnitude (to tell a real check from one over all-zero gradients).
   */
  public record Result(int checkedValues, double worstError, String worst, double largestGradient) {
    Result merge(Result other) {
      boolean otherWorse = other.checkedValues > 0 && (checkedValues == 0 || other.worstError > worstError);
      return new Result(checkedValues + other.checkedValues,
          otherWorse ? other.worstError : worstError,
          otherWorse ? other.worst : worst,
          Math.max(largestGradient, other.largestGradient));
    }
  }
}
