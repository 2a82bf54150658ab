package dev.convoy.tck;

import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import org.junit.jupiter.api.Test;

/**
 * The optimizers' kernels {@code axpby}, {@code momentumStep}, {@code accumulateSquares} and {@code addQuotientBySqrt}
 * against their definitions and the oracle.
 */
abstract class OptimizerMathConformance extends ConformanceCase {
  private static final Shape SHAPE = Shape.of(7, 13);
  private static final int SIZE = SHAPE.intSize();

  @Test
  void accumulateSquares() {
    TckRandom random = new TckRandom(100);
    float[] x = random.uniform(SIZE, -3f, 3f);
    float[] acc = random.uniform(SIZE, 0f, 2f);
    double[] expected = new double[SIZE];
    for (int i = 0; i < SIZE; i++) {
      expected[i] = 0.9 * acc[i] + 0.1 * x[i] * x[i];
    }
    try (VolumeScope s = new VolumeScope(backend)) {
      Volume a = s.upload(SHAPE, acc);
      backend.accumulateSquares(0.9f, 0.1f, s.upload(SHAPE, x), a);
      VolumeAssertions.assertClose(expected, a.toArray(), 1e-6, "accumulateSquares (acc = 0.9 acc + 0.1 x^2)");
    }
  }

  @Test
  void axpbyRoundsAsScaleThenAxpy() {
    TckRandom random = new TckRandom(103);
    float[] x = random.uniform(SIZE);
    float[] y = random.uniform(SIZE);
    float[] expected = new float[SIZE];
    for (int i = 0; i < SIZE; i++) {
      float scaled = y[i] * 0.9f;
      expected[i] = scaled + -0.3f * x[i];
    }
    try (VolumeScope s = new VolumeScope(backend)) {
      Volume yv = s.upload(SHAPE, y);
      backend.axpby(-0.3f, s.upload(SHAPE, x), 0.9f, yv);
      VolumeAssertions.assertExactly(expected, yv.toArray(), "axpby (y = -0.3 x + 0.9 y)");
    }
  }

  @Test
  void momentumStepRoundsAsAxpbyThenAxpy() {
    TckRandom random = new TckRandom(104);
    float[] g = random.uniform(SIZE);
    float[] v = random.uniform(SIZE);
    float[] w = random.uniform(SIZE);
    float[] expectedV = new float[SIZE];
    float[] expectedW = new float[SIZE];
    for (int i = 0; i < SIZE; i++) {
      float decayed = v[i] * 0.9f;
      expectedV[i] = decayed + 1f * g[i];
      expectedW[i] = w[i] + -0.05f * expectedV[i];
    }
    try (VolumeScope s = new VolumeScope(backend)) {
      Volume vv = s.upload(SHAPE, v);
      Volume wv = s.upload(SHAPE, w);
      backend.momentumStep(0.05f, 0.9f, s.upload(SHAPE, g), vv, wv);
      VolumeAssertions.assertExactly(expectedV, vv.toArray(), "momentumStep velocity (v = 0.9 v + g)");
      VolumeAssertions.assertExactly(expectedW, wv.toArray(), "momentumStep value (w -= 0.05 v)");
    }
  }

  @Test
  void addQuotientBySqrt() {
    TckRandom random = new TckRandom(101);
    float[] num = random.uniform(SIZE, -1f, 1f);
    float[] squares = random.uniform(SIZE, 0f, 4f);
    squares[0] = 0f; // epsilon alone keeps the quotient finite
    float[] y = random.uniform(SIZE);
    double[] expected = new double[SIZE];
    for (int i = 0; i < SIZE; i++) {
      expected[i] = y[i] - 0.01 * num[i] / (1.5 * Math.sqrt(squares[i]) + 1e-3);
    }
    try (VolumeScope s = new VolumeScope(backend)) {
      Volume yv = s.upload(SHAPE, y);
      backend.addQuotientBySqrt(-0.01f, s.upload(SHAPE, num), s.upload(SHAPE, squares), 1.5f, 1e-3f, yv);
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
      s.backend().accumulateSquares(0.999f, 0.001f, g, v);
      s.backend().addQuotientBySqrt(-0.001f, g, v, 1.2f, 1e-8f, w);
      return concat(v.toArray(), w.toArray());
    });
  }
}
