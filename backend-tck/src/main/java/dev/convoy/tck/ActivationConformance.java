package dev.convoy.tck;

import dev.convoy.api.Backend;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Leaky ReLU, clip, sigmoid and tanh with their backward kernels against one-line definitions in
 * double: forward into a NaN-filled volume and in place, backward into a NaN-filled one, and the
 * oracle. Inputs span [-8, 8] without ties, so they cross every kink and bound.
 */
abstract class ActivationConformance extends ConformanceCase {
  private static final Shape SHAPE = Shape.nchw(2, 3, 4, 5);
  private static final int SIZE = SHAPE.intSize();
  private static final float ALPHA = 0.2f;
  private static final float MIN = -1.5f;
  private static final float MAX = 2.5f;

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

  /** One kernel pair: its forward, its backward from (x, y, dy), and their definitions. */
  private interface Kernels {
    void forward(Backend b, Volume x, Volume y);

    void backward(Backend b, Volume x, Volume y, Volume dy, Volume dx);
  }

  private void check(String name, Kernels k, DoubleUnaryOperator f, DoubleUnaryOperator derivative) {
    float[] x = inputs(60);
    float[] dy = new TckRandom(61).uniform(SIZE);
    double[] y = new double[SIZE];
    double[] dx = new double[SIZE];
    for (int i = 0; i < SIZE; i++) {
      y[i] = f.applyAsDouble(x[i]);
      dx[i] = dy[i] * derivative.applyAsDouble(x[i]);
    }
    try (VolumeScope s = new VolumeScope(backend)) {
      Volume xv = s.upload(SHAPE, x);
      Volume yv = s.filled(SHAPE, Float.NaN);
      k.forward(backend, xv, yv);
      VolumeAssertions.assertClose(y, yv.toArray(), 1e-6, name);
      Volume inPlace = s.upload(SHAPE, x);
      k.forward(backend, inPlace, inPlace);
      VolumeAssertions.assertClose(y, inPlace.toArray(), 1e-6, name + " in place");
      Volume dxv = s.filled(SHAPE, Float.NaN);
      k.backward(backend, xv, yv, s.upload(SHAPE, dy), dxv);
      VolumeAssertions.assertClose(dx, dxv.toArray(), 1e-5, name + "Backward");
    }
  }

  @Test
  void leakyRelu() {
    check("leakyRelu", new Kernels() {
      public void forward(Backend b, Volume x, Volume y) {
        b.leakyRelu(ALPHA, x, y);
      }

      public void backward(Backend b, Volume x, Volume y, Volume dy, Volume dx) {
        b.leakyReluBackward(ALPHA, x, dy, dx);
      }
    }, x -> x > 0 ? x : ALPHA * x, x -> x > 0 ? 1 : ALPHA);
  }

  @Test
  void clip() {
    check("clip", new Kernels() {
      public void forward(Backend b, Volume x, Volume y) {
        b.clip(MIN, MAX, x, y);
      }

      public void backward(Backend b, Volume x, Volume y, Volume dy, Volume dx) {
        b.clipBackward(MIN, MAX, x, dy, dx);
      }
    }, x -> Math.min(Math.max(x, MIN), MAX), x -> x > MIN && x < MAX ? 1 : 0);
  }

  @Test
  void sigmoidFromItsOutput() {
    check("sigmoid", new Kernels() {
      public void forward(Backend b, Volume x, Volume y) {
        b.sigmoid(x, y);
      }

      public void backward(Backend b, Volume x, Volume y, Volume dy, Volume dx) {
        b.sigmoidBackward(y, dy, dx);
      }
    }, ActivationConformance::sigmoid, x -> sigmoid(x) * (1 - sigmoid(x)));
  }

  @Test
  void tanhFromItsOutput() {
    check("tanh", new Kernels() {
      public void forward(Backend b, Volume x, Volume y) {
        b.tanh(x, y);
      }

      public void backward(Backend b, Volume x, Volume y, Volume dy, Volume dx) {
        b.tanhBackward(y, dy, dx);
      }
    }, Math::tanh, x -> 1 - Math.tanh(x) * Math.tanh(x));
  }

  @Test
  void matchesTheOracle() {
    assertMatchesOracle("leakyRelu, clip, sigmoid, tanh and their backward kernels", s -> {
      Backend b = s.backend();
      Volume x = s.upload(SHAPE, inputs(62));
      Volume dy = s.upload(SHAPE, new TckRandom(63).uniform(SIZE));
      float[][] parts = new float[8][];
      Volume[] outs = new Volume[8];
      for (int i = 0; i < 8; i++) {
        outs[i] = s.allocate(SHAPE);
      }
      b.leakyRelu(ALPHA, x, outs[0]);
      b.leakyReluBackward(ALPHA, x, dy, outs[1]);
      b.clip(MIN, MAX, x, outs[2]);
      b.clipBackward(MIN, MAX, x, dy, outs[3]);
      b.sigmoid(x, outs[4]);
      b.sigmoidBackward(outs[4], dy, outs[5]);
      b.tanh(x, outs[6]);
      b.tanhBackward(outs[6], dy, outs[7]);
      for (int i = 0; i < 8; i++) {
        parts[i] = outs[i].toArray();
      }
      return concat(parts);
    });
  }
}
