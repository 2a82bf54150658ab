package dev.convoy.tck;

import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.NormalizationKernels;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link NormalizationKernels}: batch normalization's three kernels and LRN's two against {@link DirectNormalization}, on image
 * batches and on {@code [N, C]}: statistics, forward, the backward with batch statistics (against
 * the staged chain rule) and with constant ones, the accumulate contract of dGamma and dBeta, and
 * the oracle. LRN's backward is checked against central differences of its forward in double.
 */
abstract class NormalizationConformance extends ConformanceCase {
  private static final List<Shape> SHAPES = List.of(Shape.nchw(3, 4, 3, 5), Shape.of(6, 5), Shape.nchw(2, 1, 1, 3));
  private static final float EPS = 1e-3f;

  private static float[] values(Shape s, long seed) {
    float[] x = new TckRandom(seed).uniform(s.intSize(), -2f, 4f);
    return x;
  }

  @Test
  void meanAndVarianceOverBatchAndPositions() {
    NormalizationKernels norm = family(NormalizationKernels.class);
    for (Shape shape : SHAPES) {
      float[] x = values(shape, 70);
      double[][] expected = DirectNormalization.meanAndVariance(shape, x);
      try (VolumeScope s = scope()) {
        Shape c = Shape.of(shape.dim(1));
        Volume mean = s.filled(c, Float.NaN);
        Volume var = s.filled(c, Float.NaN);
        norm.channelMeanAndVariance(s.upload(shape, x), mean, var);
        VolumeAssertions.assertClose(expected[0], mean.toArray(), DIRECT_TOLERANCE, "channel mean of " + shape);
        VolumeAssertions.assertClose(expected[1], var.toArray(), DIRECT_TOLERANCE, "channel variance of " + shape);
      }
    }
  }

  @Test
  void forwardAndBothBackwardsMatchTheDefinitions() {
    NormalizationKernels norm = family(NormalizationKernels.class);
    for (Shape shape : SHAPES) {
      int channels = shape.dim(1);
      Shape c = Shape.of(channels);
      TckRandom random = new TckRandom(71);
      float[] x = values(shape, 72);
      float[] dy = random.uniform(shape.intSize());
      float[] gamma = random.uniform(channels, 0.5f, 2f);
      float[] beta = random.uniform(channels);
      float[] running = random.uniform(channels);
      float[] runningVar = random.uniform(channels, 0.5f, 2f);
      float[] dGammaStart = random.uniform(channels);
      float[] dBetaStart = random.uniform(channels);
      double[][] stats = DirectNormalization.meanAndVariance(shape, x);
      float[] mean = toFloat(stats[0]);
      float[] var = toFloat(stats[1]);
      try (VolumeScope s = scope()) {
        Volume xv = s.upload(shape, x);
        Volume y = s.filled(shape, Float.NaN);
        norm.batchNormForward(xv, s.upload(c, gamma), s.upload(c, beta), s.upload(c, mean), s.upload(c, var), EPS, y);
        VolumeAssertions.assertClose(DirectNormalization.batchNorm(shape, x, gamma, beta, mean, var, EPS), y.toArray(),
            DIRECT_TOLERANCE, "batchNormForward on " + shape);
        for (boolean batchStatistics : new boolean[] {true, false}) {
          float[] m = batchStatistics ? mean : running;
          float[] v = batchStatistics ? var : runningVar;
          Volume dx = s.filled(shape, Float.NaN);
          Volume dGamma = s.upload(c, dGammaStart);
          Volume dBeta = s.upload(c, dBetaStart);
          norm.batchNormBackward(xv, s.upload(shape, dy), s.upload(c, gamma), s.upload(c, m), s.upload(c, v), EPS,
              batchStatistics, dx, dGamma, dBeta);
          double[] expectedDx = batchStatistics
              ? DirectNormalization.batchNormBackward(shape, x, dy, gamma, EPS)
              : constantStatisticsDx(shape, dy, gamma, v);
          String what = "batchNormBackward with " + (batchStatistics ? "batch" : "constant") + " statistics on " + shape;
          VolumeAssertions.assertClose(expectedDx, dx.toArray(), DIRECT_TOLERANCE, what + ": dx");
          double[][] grads = DirectNormalization.batchNormParameterGradients(shape, x, dy, m, v, EPS);
          for (int ch = 0; ch < channels; ch++) {
            grads[0][ch] += dGammaStart[ch];
            grads[1][ch] += dBetaStart[ch];
          }
          VolumeAssertions.assertClose(grads[0], dGamma.toArray(), DIRECT_TOLERANCE, what + ": dGamma must accumulate");
          VolumeAssertions.assertClose(grads[1], dBeta.toArray(), DIRECT_TOLERANCE, what + ": dBeta must accumulate");
        }
      }
    }
  }

  private static double[] constantStatisticsDx(Shape shape, float[] dy, float[] gamma, float[] var) {
    int[] l = DirectNormalization.layout(shape);
    double[] dx = new double[dy.length];
    for (int i = 0; i < dy.length; i++) {
      int c = i / l[2] % l[1];
      dx[i] = dy[i] * gamma[c] / Math.sqrt(var[c] + EPS);
    }
    return dx;
  }

  @Test
  void lrnForwardAndBackward() {
    NormalizationKernels norm = family(NormalizationKernels.class);
    Shape shape = Shape.nchw(2, 7, 2, 3);
    float[] x = values(shape, 73);
    float[] dy = new TckRandom(74).uniform(shape.intSize());
    double[] xd = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      xd[i] = x[i];
    }
    for (int size : new int[] {1, 3, 4, 5, 9}) {
      try (VolumeScope s = scope()) {
        Volume xv = s.upload(shape, x);
        Volume y = s.filled(shape, Float.NaN);
        norm.lrnForward(xv, size, 0.3f, 0.75f, 2f, y);
        VolumeAssertions.assertClose(DirectNormalization.lrn(shape, xd, size, 0.3, 0.75, 2), y.toArray(),
            DIRECT_TOLERANCE, "lrnForward size " + size);
        Volume dx = s.filled(shape, Float.NaN);
        norm.lrnBackward(xv, s.upload(shape, dy), size, 0.3f, 0.75f, 2f, dx);
        VolumeAssertions.assertClose(DirectNormalization.lrnBackwardNumeric(shape, x, dy, size, 0.3, 0.75, 2),
            dx.toArray(), 1e-4, "lrnBackward size " + size + " against central differences");
      }
    }
  }

  @Test
  void matchesTheOracle() {
    for (Shape shape : SHAPES) {
      Shape c = Shape.of(shape.dim(1));
      assertMatchesOracle("batch normalization and LRN on " + shape, s -> {
        NormalizationKernels b = s.family(NormalizationKernels.class);
        TckRandom random = new TckRandom(75);
        Volume x = s.upload(shape, values(shape, 76));
        Volume dy = s.upload(shape, random.uniform(shape.intSize()));
        Volume gamma = s.upload(c, random.uniform(c.intSize()));
        Volume mean = s.allocate(c);
        Volume var = s.allocate(c);
        b.channelMeanAndVariance(x, mean, var);
        Volume y = s.allocate(shape);
        b.batchNormForward(x, gamma, s.upload(c, random.uniform(c.intSize())), mean, var, EPS, y);
        Volume dx = s.allocate(shape);
        Volume dGamma = s.upload(c, random.uniform(c.intSize()));
        Volume dBeta = s.upload(c, random.uniform(c.intSize()));
        b.batchNormBackward(x, dy, gamma, mean, var, EPS, true, dx, dGamma, dBeta);
        Volume lrn = s.allocate(shape);
        b.lrnForward(x, 3, 1e-2f, 0.75f, 1f, lrn);
        Volume dLrn = s.allocate(shape);
        b.lrnBackward(x, dy, 3, 1e-2f, 0.75f, 1f, dLrn);
        return concat(mean.toArray(), var.toArray(), y.toArray(), dx.toArray(), dGamma.toArray(), dBeta.toArray(),
            lrn.toArray(), dLrn.toArray());
      });
    }
  }

  private static float[] toFloat(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }
}
