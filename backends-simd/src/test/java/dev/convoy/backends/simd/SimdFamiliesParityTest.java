package dev.convoy.backends.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.convoy.api.Backend;
import dev.convoy.api.KernelResolver;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.Activation;
import dev.convoy.api.kernels.ActivationKernels;
import dev.convoy.api.kernels.LayoutKernels;
import dev.convoy.api.kernels.LossKernels;
import dev.convoy.api.kernels.NormalizationKernels;
import dev.convoy.api.kernels.OptimizerKernels;
import dev.convoy.tck.TestLayerContext;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The families whose maths the simd backend ports from the reference backend (losses,
 * activations, normalization, optimizer arithmetic, layout) give the reference's floats exactly,
 * not just within the conformance kit's tolerance: same double sums, same order, same float
 * rounding. Sizes go past one chunk of the pool so that split work is covered too.
 */
class SimdFamiliesParityTest {
  private final Backend simd = new SimdBackendProvider().create();
  private final Backend reference = TestLayerContext.loadBackend("reference");

  @AfterEach
  void close() {
    simd.close();
    reference.close();
  }

  /** One computation on a backend's volumes: it uploads what it needs and returns what it wrote, in order. */
  private interface Computation {
    List<float[]> run(Session s);
  }

  /** Uploads inputs to one backend and reads outputs back, closing every volume at the end. */
  private static final class Session implements AutoCloseable {
    final Backend backend;
    final KernelResolver kernels;
    private final List<Volume> opened = new ArrayList<>();

    Session(Backend backend) {
      this.backend = backend;
      this.kernels = KernelResolver.of(backend);
    }

    Volume upload(Shape shape, float[] values) {
      Volume v = backend.upload(shape, values);
      opened.add(v);
      return v;
    }

    /** A volume of NaN, so that a value the kernel fails to write shows. */
    Volume output(Shape shape) {
      Volume v = backend.allocate(shape);
      backend.fill(v, Float.NaN);
      opened.add(v);
      return v;
    }

    @Override
    public void close() {
      opened.forEach(Volume::close);
    }
  }

  private void assertSameFloats(String what, Computation c) {
    List<float[]> expected;
    List<float[]> actual;
    try (Session s = new Session(reference)) {
      expected = c.run(s);
    }
    try (Session s = new Session(simd)) {
      actual = c.run(s);
    }
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), what + ", output " + i);
    }
  }

  private static float[] random(long seed, int n, float scale) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
    }
    return v;
  }

  private static float[] labels(int rows, int classes) {
    float[] v = new float[rows];
    for (int r = 0; r < rows; r++) {
      v[r] = (r * 7) % classes;
    }
    return v;
  }

  @Test
  void lossesMatchTheReferenceExactly() {
    for (int[] size : new int[][] {{64, 10}, {3, 1000}, {1, 1}}) {
      int rows = size[0];
      int classes = size[1];
      Shape shape = Shape.of(rows, classes);
      float[] scores = random(rows * 31L + classes, rows * classes, 8f);
      if (classes > 2) {
        scores[1] = scores[2]; // a tie for argmax
      }
      assertSameFloats("losses on " + shape, s -> {
        LossKernels loss = s.kernels.family(LossKernels.class);
        Volume x = s.upload(shape, scores);
        Volume y = s.upload(Shape.of(rows), labels(rows, classes));
        Volume p = s.output(shape);
        Volume ce = s.output(Shape.of(1));
        Volume ceOnly = s.output(Shape.of(1));
        Volume dCe = s.output(shape);
        Volume hinge = s.output(Shape.of(1));
        Volume dHinge = s.output(shape);
        Volume argmax = s.output(Shape.of(rows));
        Volume correct = s.upload(Shape.of(1), new float[] {5f});
        loss.softmax(x, p);
        loss.softmaxCrossEntropy(x, y, ce, dCe);
        loss.softmaxCrossEntropy(x, y, ceOnly, null);
        loss.multiclassHinge(x, y, 1f, hinge, dHinge);
        loss.argmax(x, argmax);
        loss.accumulateCorrect(x, y, correct);
        loss.accumulateCorrect(x, argmax, correct);
        Volume replaced = s.upload(shape, scores); // dScores may be the scores
        loss.softmaxCrossEntropy(replaced, y, ce, replaced);
        return List.of(p.toArray(), ce.toArray(), ceOnly.toArray(), dCe.toArray(), hinge.toArray(), dHinge.toArray(),
            argmax.toArray(), correct.toArray(), replaced.toArray());
      });
    }
  }

  @Test
  void everyActivationMatchesTheReferenceExactly() {
    Shape shape = Shape.of(3, 50_000);
    int n = (int) shape.size();
    float[] x = random(3, n, 8f);
    x[0] = Float.NaN;
    x[1] = -0f;
    x[2] = 0f;
    x[3] = 6f;
    for (Activation f : List.of(Activation.RELU, new Activation.LeakyRelu(0.1f), new Activation.Clip(0f, 6f),
        new Activation.Sigmoid(), new Activation.Tanh())) {
      assertSameFloats(f.toString(), s -> {
        ActivationKernels act = s.kernels.family(ActivationKernels.class);
        Volume in = s.upload(shape, x);
        Volume out = s.output(shape);
        Volume dy = s.upload(shape, random(4, n, 1f));
        Volume dx = s.output(shape);
        Volume inPlace = s.upload(shape, x);
        act.forward(f, in, out);
        act.backward(f, in, out, dy, dx);
        act.forward(f, inPlace, inPlace);
        act.backward(f, in, out, dy, dy); // dx may be dy
        return List.of(out.toArray(), dx.toArray(), inPlace.toArray(), dy.toArray());
      });
    }
  }

  @Test
  void batchNormMatchesTheReferenceExactly() {
    for (Shape shape : List.of(Shape.of(8, 16, 12, 12), Shape.of(32, 40))) {
      int n = (int) shape.size();
      int c = shape.dim(1);
      for (boolean batchStatistics : new boolean[] {true, false}) {
        assertSameFloats("batch norm on " + shape + (batchStatistics ? ", batch statistics" : ""), s -> {
          NormalizationKernels norm = s.kernels.family(NormalizationKernels.class);
          Volume x = s.upload(shape, random(5, n, 3f));
          Volume gamma = s.upload(Shape.of(c), random(6, c, 2f));
          Volume beta = s.upload(Shape.of(c), random(7, c, 1f));
          Volume mean = s.output(Shape.of(c));
          Volume variance = s.output(Shape.of(c));
          Volume y = s.output(shape);
          Volume dy = s.upload(shape, random(8, n, 1f));
          Volume dx = s.output(shape);
          Volume dGamma = s.upload(Shape.of(c), random(9, c, 1f));
          Volume dBeta = s.upload(Shape.of(c), random(10, c, 1f));
          norm.channelMeanAndVariance(x, mean, variance);
          norm.batchNormForward(x, gamma, beta, mean, variance, 1e-5f, y);
          norm.batchNormBackward(x, dy, gamma, mean, variance, 1e-5f, batchStatistics, dx, dGamma, dBeta);
          return List.of(mean.toArray(), variance.toArray(), y.toArray(), dx.toArray(), dGamma.toArray(),
              dBeta.toArray());
        });
      }
    }
  }

  @Test
  void lrnMatchesTheReferenceExactly() {
    for (Shape shape : List.of(Shape.of(2, 12, 9, 15), Shape.of(3, 5, 70), Shape.of(4, 7))) {
      int n = (int) shape.size();
      for (int size : new int[] {5, 4, 1, 20}) {
        assertSameFloats("LRN of size " + size + " on " + shape, s -> {
          NormalizationKernels norm = s.kernels.family(NormalizationKernels.class);
          Volume x = s.upload(shape, random(11, n, 4f));
          Volume y = s.output(shape);
          Volume dy = s.upload(shape, random(12, n, 1f));
          Volume dx = s.output(shape);
          Volume inPlace = s.upload(shape, random(11, n, 4f));
          norm.lrnForward(x, size, 1e-2f, 0.75f, 2f, y);
          norm.lrnBackward(x, dy, size, 1e-2f, 0.75f, 2f, dx);
          norm.lrnForward(inPlace, size, 1e-2f, 0.75f, 2f, inPlace);
          return List.of(y.toArray(), dx.toArray(), inPlace.toArray());
        });
      }
    }
  }

  @Test
  void optimizerArithmeticMatchesTheReferenceExactly() {
    Shape shape = Shape.of(70_001);
    int n = (int) shape.size();
    assertSameFloats("optimizer arithmetic", s -> {
      OptimizerKernels opt = s.kernels.family(OptimizerKernels.class);
      Volume g = s.upload(shape, random(13, n, 1f));
      Volume velocity = s.upload(shape, random(14, n, 1f));
      Volume value = s.upload(shape, random(15, n, 1f));
      Volume squares = s.upload(shape, random(16, n, 1f));
      for (int i = 0; i < 2; i++) {
        opt.momentumStep(0.05f, 0.9f, g, velocity, value);
        opt.accumulateSquares(0.99f, 0.01f, g, squares);
        opt.addQuotientBySqrt(-0.001f, velocity, squares, 0.7f, 1e-8f, value);
      }
      return List.of(velocity.toArray(), value.toArray(), squares.toArray());
    });
  }

  @Test
  void channelCopiesMatchTheReference() {
    Shape src = Shape.of(5, 6, 4, 3);
    Shape dst = Shape.of(5, 9, 4, 3);
    assertSameFloats("copyChannels", s -> {
      LayoutKernels layout = s.kernels.family(LayoutKernels.class);
      Volume from = s.upload(src, random(17, (int) src.size(), 1f));
      Volume to = s.output(dst);
      layout.copyChannels(from, 0, to, 3, 6);
      layout.copyChannels(from, 2, to, 0, 3);
      layout.copyChannels(from, 1, from, 0, 4); // within one volume, overlapping
      return List.of(to.toArray(), from.toArray());
    });
  }

  @Test
  void transposesMatchTheReference() {
    Shape x = Shape.of(2, 3, 4, 5);
    float[] values = random(18, (int) x.size(), 1f);
    for (int[] perm : new int[][] {{0, 2, 3, 1}, {3, 2, 1, 0}, {0, 1, 2, 3}, {1, 0, 3, 2}}) {
      int[] dims = new int[4];
      for (int i = 0; i < 4; i++) {
        dims[i] = x.dim(perm[i]);
      }
      assertSameFloats("transpose " + java.util.Arrays.toString(perm), s -> {
        Volume in = s.upload(x, values);
        Volume out = s.output(Shape.of(dims));
        s.kernels.family(LayoutKernels.class).transpose(in, perm, out);
        return List.of(out.toArray());
      });
    }
    Shape big = Shape.of(64, 40, 30);
    assertSameFloats("transpose across the pool", s -> {
      Volume in = s.upload(big, random(19, (int) big.size(), 1f));
      Volume out = s.output(Shape.of(30, 64, 40));
      s.kernels.family(LayoutKernels.class).transpose(in, new int[] {2, 0, 1}, out);
      return List.of(out.toArray());
    });
  }
}
