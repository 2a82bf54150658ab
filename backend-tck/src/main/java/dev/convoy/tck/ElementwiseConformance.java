package dev.convoy.tck;

import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import org.junit.jupiter.api.Test;

/** The core's elementwise kernels (multiply, axpy, axpby, scale) against their one-line definitions, in place too. */
abstract class ElementwiseConformance extends ConformanceCase {
  private static final Shape SHAPE = Shape.nchw(2, 3, 5, 7);
  private static final int SIZE = SHAPE.intSize();

  @Test
  void multiplyAxpyAndScale() {
    TckRandom random = new TckRandom(52);
    float[] a = random.uniform(SIZE);
    float[] b = random.uniform(SIZE);
    float[] product = new float[SIZE];
    float[] axpy = new float[SIZE];
    float[] scaled = new float[SIZE];
    for (int i = 0; i < SIZE; i++) {
      product[i] = a[i] * b[i];
      axpy[i] = b[i] + 0.5f * a[i];
      scaled[i] = a[i] * -3f;
    }
    try (VolumeScope s = new VolumeScope(backend)) {
      Volume out = s.filled(SHAPE, Float.NaN);
      backend.multiply(s.upload(SHAPE, a), s.upload(SHAPE, b), out);
      VolumeAssertions.assertClose(product, out.toArray(), 1e-6, "multiply");
      Volume inPlace = s.upload(SHAPE, a);
      backend.multiply(inPlace, s.upload(SHAPE, b), inPlace);
      VolumeAssertions.assertClose(product, inPlace.toArray(), 1e-6, "multiply into its first operand");
      Volume second = s.upload(SHAPE, b);
      backend.multiply(s.upload(SHAPE, a), second, second);
      VolumeAssertions.assertClose(product, second.toArray(), 1e-6, "multiply into its second operand");
      Volume y = s.upload(SHAPE, b);
      backend.axpy(0.5f, s.upload(SHAPE, a), y);
      VolumeAssertions.assertClose(axpy, y.toArray(), 1e-6, "axpy (y += alpha x)");
      Volume x = s.upload(SHAPE, a);
      backend.scale(x, -3f);
      VolumeAssertions.assertClose(scaled, x.toArray(), 1e-6, "scale");
    }
  }

  @Test
  void axpbyRoundsAsBetaTimesYPlusAlphaTimesX() {
    TckRandom random = new TckRandom(103);
    float[] x = random.uniform(SIZE);
    float[] y = random.uniform(SIZE);
    float[] expected = new float[SIZE];
    float[] expectedBetaZero = new float[SIZE];
    for (int i = 0; i < SIZE; i++) {
      float scaled = 0.9f * y[i];
      float added = -0.3f * x[i];
      expected[i] = scaled + added;
      expectedBetaZero[i] = 0f * y[i] + 2f * x[i];
    }
    try (VolumeScope s = new VolumeScope(backend)) {
      Volume yv = s.upload(SHAPE, y);
      backend.axpby(-0.3f, s.upload(SHAPE, x), 0.9f, yv);
      VolumeAssertions.assertExactly(expected, yv.toArray(), "axpby (y = -0.3 x + 0.9 y), rounded as (0.9 y) + (-0.3 x)");
      Volume zeroed = s.upload(SHAPE, y);
      backend.axpby(2f, s.upload(SHAPE, x), 0f, zeroed);
      VolumeAssertions.assertExactly(expectedBetaZero, zeroed.toArray(), "axpby with beta 0 (y = 2 x)");
    }
  }

  @Test
  void matchesTheOracle() {
    assertMatchesOracle("multiply, axpy, axpby, scale", s -> {
      TckRandom random = new TckRandom(54);
      Volume x = s.upload(SHAPE, random.distinct(SIZE));
      Volume y = s.upload(SHAPE, random.uniform(SIZE));
      Volume prod = s.allocate(SHAPE);
      s.backend().multiply(x, y, prod);
      s.backend().axpy(-2f, x, prod);
      s.backend().axpby(0.75f, y, -1.5f, prod);
      s.backend().scale(prod, 0.25f);
      return prod.toArray();
    });
  }
}
