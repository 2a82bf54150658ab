package dev.convoy.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import org.junit.jupiter.api.Test;

/** ReLU and its backward, multiply, axpy, scale and sum against their one-line definitions, in place too. */
abstract class ElementwiseConformance extends ConformanceCase {
  private static final Shape SHAPE = Shape.nchw(2, 3, 5, 7);
  private static final int SIZE = SHAPE.intSize();

  @Test
  void reluIntoAnotherVolumeAndInPlace() {
    float[] x = new TckRandom(50).distinct(SIZE);
    float[] expected = new float[SIZE];
    for (int i = 0; i < SIZE; i++) {
      expected[i] = Math.max(0f, x[i]);
    }
    try (VolumeScope s = new VolumeScope(backend)) {
      Volume y = s.filled(SHAPE, Float.NaN);
      backend.relu(s.upload(SHAPE, x), y);
      VolumeAssertions.assertExactly(expected, y.toArray(), "relu");
      Volume inPlace = s.upload(SHAPE, x);
      backend.relu(inPlace, inPlace);
      VolumeAssertions.assertExactly(expected, inPlace.toArray(), "relu in place");
    }
  }

  @Test
  void reluBackwardPassesGradientWhereOutputIsPositive() {
    TckRandom random = new TckRandom(51);
    float[] y = random.distinct(SIZE);
    for (int i = 0; i < SIZE; i++) {
      y[i] = Math.max(0f, y[i]);
    }
    float[] dy = random.uniform(SIZE);
    float[] expected = new float[SIZE];
    for (int i = 0; i < SIZE; i++) {
      expected[i] = y[i] > 0 ? dy[i] : 0f;
    }
    try (VolumeScope s = new VolumeScope(backend)) {
      Volume dx = s.filled(SHAPE, Float.NaN);
      backend.reluBackward(s.upload(SHAPE, y), s.upload(SHAPE, dy), dx);
      VolumeAssertions.assertExactly(expected, dx.toArray(), "reluBackward");
    }
  }

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
      Volume y = s.upload(SHAPE, b);
      backend.axpy(0.5f, s.upload(SHAPE, a), y);
      VolumeAssertions.assertClose(axpy, y.toArray(), 1e-6, "axpy (y += alpha x)");
      Volume x = s.upload(SHAPE, a);
      backend.scale(x, -3f);
      VolumeAssertions.assertClose(scaled, x.toArray(), 1e-6, "scale");
    }
  }

  @Test
  void sumIsAccumulatedInDouble() {
    // 2^24 + 1 + 1 + ... is stuck at 2^24 in float; a double accumulator sees every 1.
    float[] x = new float[1001];
    x[0] = 16_777_216f;
    java.util.Arrays.fill(x, 1, x.length, 1f);
    try (Volume v = backend.upload(Shape.of(x.length), x)) {
      assertEquals(16_777_216.0 + 1000, backend.sum(v), 1e-6, "sum must accumulate in double");
    }
    float[] random = new TckRandom(53).uniform(SIZE);
    double expected = 0;
    for (float f : random) {
      expected += f;
    }
    try (Volume v = backend.upload(SHAPE, random)) {
      assertEquals(expected, backend.sum(v), 1e-9 * SIZE, "sum of random values");
    }
  }

  @Test
  void matchesTheOracle() {
    assertMatchesOracle("relu, reluBackward, multiply, axpy, scale", s -> {
      TckRandom random = new TckRandom(54);
      Volume x = s.upload(SHAPE, random.distinct(SIZE));
      Volume y = s.allocate(SHAPE);
      s.backend().relu(x, y);
      Volume dx = s.allocate(SHAPE);
      s.backend().reluBackward(y, s.upload(SHAPE, random.uniform(SIZE)), dx);
      Volume prod = s.allocate(SHAPE);
      s.backend().multiply(x, dx, prod);
      s.backend().axpy(-2f, x, prod);
      s.backend().scale(prod, 0.25f);
      return concat(y.toArray(), dx.toArray(), prod.toArray(), new float[] {(float) s.backend().sum(prod)});
    });
  }
}
