package dev.convoy.backends.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.NormalizationKernels;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the conformance kit does not reach in normalization on the device: channels of many
 * work-group strides (the same bits every run), and LRN and the batch-norm backward writing over
 * their own inputs.
 */
class OpenClNormalizationTest {
  private OpenClBackend backend;
  private NormalizationKernels norm;

  @BeforeEach
  void open() {
    OpenClTestDevice.probe();
    backend = (OpenClBackend) new OpenClBackendProvider().create();
    norm = backend.nativeFamily(NormalizationKernels.class).orElseThrow();
  }

  @AfterEach
  void close() {
    if (backend != null) {
      backend.close();
    }
  }

  private static float[] random(int size, long seed) {
    Random random = new Random(seed);
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = random.nextFloat() * 6 - 2;
    }
    return values;
  }

  @Test
  void statisticsOfLargeChannelsMatchDoubleAndAreTheSameEveryRun() {
    Shape shape = Shape.nchw(8, 3, 33, 35); // 9,240 values a channel: many strides of every lane
    float[] x = random((int) shape.size(), 1);
    int inner = 33 * 35;
    double[] sum = new double[3];
    for (int i = 0; i < x.length; i++) {
      sum[i / inner % 3] += x[i];
    }
    double[] squares = new double[3];
    for (int i = 0; i < x.length; i++) {
      double d = x[i] - sum[i / inner % 3] / (8 * inner);
      squares[i / inner % 3] += d * d;
    }
    try (Volume xv = backend.upload(shape, x);
        Volume mean = backend.allocate(Shape.of(3));
        Volume var = backend.allocate(Shape.of(3));
        Volume mean2 = backend.allocate(Shape.of(3));
        Volume var2 = backend.allocate(Shape.of(3))) {
      norm.channelMeanAndVariance(xv, mean, var);
      norm.channelMeanAndVariance(xv, mean2, var2);
      for (int c = 0; c < 3; c++) {
        assertEquals(sum[c] / (8 * inner), mean.toArray()[c], 1e-6, "mean of channel " + c);
        assertEquals(squares[c] / (8 * inner), var.toArray()[c], 1e-6, "variance of channel " + c);
      }
      assertArrayEquals(mean.toArray(), mean2.toArray());
      assertArrayEquals(var.toArray(), var2.toArray());
    }
  }

  @Test
  void lrnOverItsOwnInputIsLrnIntoAnotherVolume() {
    Shape shape = Shape.nchw(2, 7, 3, 2);
    float[] x = random((int) shape.size(), 2);
    float[] dy = random((int) shape.size(), 3);
    try (Volume xv = backend.upload(shape, x);
        Volume dyv = backend.upload(shape, dy);
        Volume y = backend.allocate(shape);
        Volume dx = backend.allocate(shape);
        Volume inPlace = backend.upload(shape, x);
        Volume dyInPlace = backend.upload(shape, dy);
        Volume xInPlace = backend.upload(shape, x)) {
      norm.lrnForward(xv, 5, 1e-2f, 0.75f, 1f, y);
      norm.lrnForward(inPlace, 5, 1e-2f, 0.75f, 1f, inPlace);
      assertArrayEquals(y.toArray(), inPlace.toArray(), "y = x");
      norm.lrnBackward(xv, dyv, 5, 1e-2f, 0.75f, 1f, dx);
      norm.lrnBackward(xv, dyInPlace, 5, 1e-2f, 0.75f, 1f, dyInPlace);
      assertArrayEquals(dx.toArray(), dyInPlace.toArray(), "dx = dy");
      norm.lrnBackward(xInPlace, dyv, 5, 1e-2f, 0.75f, 1f, xInPlace);
      assertArrayEquals(dx.toArray(), xInPlace.toArray(), "dx = x");
    }
  }

  @Test
  void batchNormBackwardOverItsOwnGradientIsTheBackwardIntoAnotherVolume() {
    Shape shape = Shape.nchw(4, 5, 6, 7);
    Shape c = Shape.of(5);
    float[] x = random((int) shape.size(), 4);
    float[] dy = random((int) shape.size(), 5);
    try (Volume xv = backend.upload(shape, x);
        Volume dyv = backend.upload(shape, dy);
        Volume gamma = backend.upload(c, new float[] {1, 2, 0.5f, -1, 3});
        Volume mean = backend.allocate(c);
        Volume var = backend.allocate(c);
        Volume dx = backend.allocate(shape);
        Volume dyInPlace = backend.upload(shape, dy);
        Volume dGamma = backend.allocate(c);
        Volume dBeta = backend.allocate(c)) {
      norm.channelMeanAndVariance(xv, mean, var);
      norm.batchNormBackward(xv, dyv, gamma, mean, var, 1e-5f, true, dx, dGamma, dBeta);
      norm.batchNormBackward(xv, dyInPlace, gamma, mean, var, 1e-5f, true, dyInPlace, dGamma, dBeta);
      assertArrayEquals(dx.toArray(), dyInPlace.toArray());
    }
  }
}
