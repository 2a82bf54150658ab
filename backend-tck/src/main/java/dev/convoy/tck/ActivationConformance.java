package dev.convoy.tck;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.Activation;
import dev.convoy.api.kernels.ActivationKernels;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@link ActivationKernels} for every {@link Activation} against one-line definitions in double:
 * forward into a NaN-filled volume and in place, backward into a NaN-filled volume and in place
 * (given only the forward value the activation names, the other null), and the oracle. Inputs
 * span [-8, 8] without ties, so they cross every kink and bound. ReLU is held to exact values.
 */
abstract class ActivationConformance extends ConformanceCase {
  private static final Shape SHAPE = Shape.nchw(2, 3, 4, 5);
  private static final int SIZE = SHAPE.intSize();
  private static final float ALPHA = 0.2f;
  private static final float MIN = -1.5f;
  private static final float MAX = 2.5f;
  private static final List<Activation> ALL = List.of(Activation.RELU, new Activation.LeakyRelu(ALPHA),
      new Activation.Clip(MIN, MAX), new Activation.Sigmoid(), new Activation.Tanh());

  private static float[] inputs(long seed) {
    float[] x = new TckRandom(seed).distinct(SIZE);
    for (int i = 0; i < SIZE; i++) {
      x[i] *= 8f;
    }
    return x;
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  private void check(Activation f, DoubleUnaryOperator definition, DoubleUnaryOperator derivative) {
    ActivationKernels kernels = family(ActivationKernels.class);
    float[] x = inputs(60);
    float[] dy = new TckRandom(61).uniform(SIZE);
    double[] y = new double[SIZE];
    double[] dx = new double[SIZE];
    for (int i = 0; i < SIZE; i++) {
      y[i] = definition.applyAsDouble(x[i]);
      dx[i] = dy[i] * derivative.applyAsDouble(x[i]);
    }
    String name = f.toString();
    try (VolumeScope s = scope()) {
      Volume xv = s.upload(SHAPE, x);
      Volume yv = s.filled(SHAPE, Float.NaN);
      kernels.forward(f, xv, yv);
      VolumeAssertions.assertClose(y, yv.toArray(), 1e-6, name);
      Volume inPlace = s.upload(SHAPE, x);
      kernels.forward(f, inPlace, inPlace);
      VolumeAssertions.assertClose(y, inPlace.toArray(), 1e-6, name + " in place");
      // Only the forward value the activation says it needs is given; the other is null.
      Volume fromX = f.backwardFromOutput() ? null : xv;
      Volume fromY = f.backwardFromOutput() ? yv : null;
      Volume dxv = s.filled(SHAPE, Float.NaN);
      kernels.backward(f, fromX, fromY, s.upload(SHAPE, dy), dxv);
      VolumeAssertions.assertClose(dx, dxv.toArray(), 1e-5, name + " backward");
      Volume dyInPlace = s.upload(SHAPE, dy);
      kernels.backward(f, fromX, fromY, dyInPlace, dyInPlace);
      VolumeAssertions.assertClose(dx, dyInPlace.toArray(), 1e-5, name + " backward into dy");
    }
  }

  @Test
  void reluIsExactIntoAnotherVolumeInPlaceAndBackward() {
    ActivationKernels kernels = family(ActivationKernels.class);
    float[] x = new TckRandom(50).distinct(SIZE);
    float[] dy = new TckRandom(51).uniform(SIZE);
    float[] expected = new float[SIZE];
    float[] expectedDx = new float[SIZE];
    for (int i = 0; i < SIZE; i++) {
      expected[i] = Math.max(0f, x[i]);
      expectedDx[i] = expected[i] > 0 ? dy[i] : 0f;
    }
    try (VolumeScope s = scope()) {
      Volume y = s.filled(SHAPE, Float.NaN);
      kernels.forward(Activation.RELU, s.upload(SHAPE, x), y);
      VolumeAssertions.assertExactly(expected, y.toArray(), "relu");
      Volume inPlace = s.upload(SHAPE, x);
      kernels.forward(Activation.RELU, inPlace, inPlace);
      VolumeAssertions.assertExactly(expected, inPlace.toArray(), "relu in place");
      Volume dx = s.filled(SHAPE, Float.NaN);
      kernels.backward(Activation.RELU, null, y, s.upload(SHAPE, dy), dx);
      VolumeAssertions.assertExactly(expectedDx, dx.toArray(), "relu backward: dy where y > 0");
    }
  }

  /**
   * NaN in, NaN out, as in PyTorch: a ReLU that turned NaN into 0 hid data bugs behind finite,
   * confident scores. Infinities go where the definitions send them.
   */
  @Test
  void nanPropagatesAndInfinitiesSaturateThroughEveryActivation() {
    ActivationKernels kernels = family(ActivationKernels.class);
    float nan = Float.NaN;
    float inf = Float.POSITIVE_INFINITY;
    float[] special = {nan, inf, -inf, 3f, -3f};
    float[][] expected = {
        {nan, inf, 0f, 3f, 0f},
        {nan, inf, -inf, 3f, ALPHA * -3f},
        {nan, MAX, MIN, MAX, MIN},
        {nan, 1f, 0f, (float) sigmoid(3), (float) sigmoid(-3)},
        {nan, 1f, -1f, (float) Math.tanh(3), (float) Math.tanh(-3)}};
    float[] x = new float[SIZE];
    for (int i = 0; i < SIZE; i++) {
      x[i] = special[i % special.length]; // every lane of a vector kernel, and its scalar tail
    }
    for (int k = 0; k < ALL.size(); k++) {
      Activation f = ALL.get(k);
      try (VolumeScope s = scope()) {
        Volume y = s.filled(SHAPE, 42f);
        kernels.forward(f, s.upload(SHAPE, x), y);
        float[] got = y.toArray();
        for (int i = 0; i < SIZE; i++) {
          float want = expected[k][i % special.length];
          boolean same = Float.isNaN(want) ? Float.isNaN(got[i])
              : Float.isInfinite(want) ? got[i] == want
              : Math.abs(got[i] - want) <= 1e-6f * Math.max(1f, Math.abs(want));
          assertTrue(same, f + "(" + x[i] + ") at " + i + " is " + got[i] + ", not " + want);
        }
      }
    }
  }

  @Test
  void relu() {
    check(Activation.RELU, x -> Math.max(0, x), x -> x > 0 ? 1 : 0);
  }

  @Test
  void leakyRelu() {
    check(new Activation.LeakyRelu(ALPHA), x -> x > 0 ? x : ALPHA * x, x -> x > 0 ? 1 : ALPHA);
  }

  @Test
  void clip() {
    check(new Activation.Clip(MIN, MAX), x -> Math.min(Math.max(x, MIN), MAX), x -> x > MIN && x < MAX ? 1 : 0);
  }

  @Test
  void sigmoidFromItsOutput() {
    check(new Activation.Sigmoid(), ActivationConformance::sigmoid, x -> sigmoid(x) * (1 - sigmoid(x)));
  }

  @Test
  void tanhFromItsOutput() {
    check(new Activation.Tanh(), Math::tanh, x -> 1 - Math.tanh(x) * Math.tanh(x));
  }

  @Test
  void matchesTheOracle() {
    assertMatchesOracle("every activation and its backward", s -> {
      ActivationKernels kernels = s.family(ActivationKernels.class);
      Volume x = s.upload(SHAPE, inputs(62));
      Volume dy = s.upload(SHAPE, new TckRandom(63).uniform(SIZE));
      List<float[]> parts = new ArrayList<>();
      for (Activation f : ALL) {
        Volume y = s.allocate(SHAPE);
        kernels.forward(f, x, y);
        Volume dx = s.allocate(SHAPE);
        kernels.backward(f, x, y, dy, dx);
        parts.add(y.toArray());
        parts.add(dx.toArray());
      }
      return concat(parts.toArray(float[][]::new));
    });
  }
}
