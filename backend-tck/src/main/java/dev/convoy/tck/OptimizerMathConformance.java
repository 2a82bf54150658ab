package dev.convoy.tck;

import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.OptimizerKernels;
import org.junit.jupiter.api.Test;

/**
 * {@link OptimizerKernels} ({@code momentumStep}, {@code accumulateSquares}, {@code addQuotientBySqrt})
 * against their definitions and the oracle; the core's {@code axpby} is checked with the elementwise kernels.
 */
abstract class OptimizerMathConformance extends ConformanceCase {
  private static final Shape SHAPE = Shape.of(7, 13);
  private static final int SIZE = SHAPE.intSize();

  @Test
  void accumulateSquares() {
    OptimizerKernels optimizer = family(OptimizerKernels.class);
    TckRandom random = new TckRandom(100);
    float[] x = random.uniform(SIZE, -3f, 3f);
    float[] acc = random.uniform(SIZE, 0f, 2f);
    double[] expected = new double[SIZE];
    for (int i = 0; i < SIZE; i++) {
      expected[i] = 0.9 * acc[i] + 0.1 * x[i] * x[i];
    }
    try (VolumeScope s = scope()) {
      Volume a = s.upload(SHAPE, acc);
      optimizer.accumulateSquares(0.9f, 0.1f, s.upload(SHAPE, x), a);
      VolumeAssertions.assertClose(expected, a.toArray(), 1e-6, "accumulateSquares (acc = 0.9 acc + 0.1 x^2)");
    }
  }

  @Test
  void momentumStepRoundsAsAxpbyThenAxpy() {
    OptimizerKernels optimizer = family(OptimizerKernels.class);
    TckRandom random = new TckRandom(104);
    float[] g = random.uniform(SIZE);
    float[] v = random.uniform(SIZE);
    float[] w = random.uniform(SIZE);
    float[] expectedV = new float[SIZE];
    float[] expectedW = new float[SIZE];
    for (int i = 0; i < SIZE; i++) {
      float decayed = 0.9f * v[i];
      expectedV[i] = decayed + 1f * g[i];
      expectedW[i] = w[i] + -0.05f * expectedV[i];
    }
    try (VolumeScope s = scope()) {
      Volume vv = s.upload(SHAPE, v);
      Volume wv = s.upload(SHAPE, w);
      optimizer.momentumStep(0.05f, 0.9f, s.upload(SHAPE, g), vv, wv);
      VolumeAssertions.assertExactly(expectedV, vv.toArray(), "momentumStep velocity (v = 0.9 v + g)");
      VolumeAssertions.assertExactly(expectedW, wv.toArray(), "momentumStep value (w -= 0.05 v)");
    }
  }

  @Test
  void addQuotientBySqrt() {
    OptimizerKernels optimizer = family(OptimizerKernels.class);
    TckRandom random = new TckRandom(101);
    float[] num = random.uniform(SIZE, -1f, 1f);
    float[] squares = random.uniform(SIZE, 0f, 4f);
    squares[0] = 0f; // epsilon alone keeps the quotient finite
    float[] y = random.uniform(SIZE);
    double[] expected = new double[SIZE];
    for (int i = 0; i < SIZE; i++) {
      expected[i] = y[i] - 0.01 * num[i] / (1.5 * Math.sqrt(squares[i]) + 1e-3);
    }
    try (VolumeScope s = scope()) {
      Volume yv = s.upload(SHAPE, y);
      optimizer.addQuotientBySqrt(-0.01f, s.upload(SHAPE, num), s.upload(SHAPE, squares), 1.5f, 1e-3f, yv);
      VolumeAssertions.assertClose(expected, yv.toArray(), 1e-6, "addQuotientBySqrt");
    }
  }

  @Test
  void matchesTheOracle() {
    assertMatchesOracle("accumulateSquares and addQuotientBySqrt (an Adam step)", s -> {
      TckRandom random = new TckRandom(102);
      Volume g = s.upload(SHAPE, random.uniform(SIZE));
      Volume v = s.upload(SHAPE, random.uniform(SIZE, 0f, 1f));
      Volume w = s.upload(SHAPE, random.uniform(SIZE));
      s.family(OptimizerKernels.class).accumulateSquares(0.999f, 0.001f, g, v);
      s.family(OptimizerKernels.class).addQuotientBySqrt(-0.001f, g, v, 1.2f, 1e-8f, w);
      return concat(v.toArray(), w.toArray());
    });
  }
}
