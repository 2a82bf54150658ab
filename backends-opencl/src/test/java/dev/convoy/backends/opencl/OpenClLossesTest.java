package dev.convoy.backends.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.Activation;
import dev.convoy.api.kernels.ActivationKernels;
import dev.convoy.api.kernels.LossKernels;
import dev.convoy.api.kernels.OptimizerKernels;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the conformance kit does not reach in the losses on the device: what they cost in
 * transfers (a training step's budget), many rows of many classes, NaN scores, the label error,
 * and argmax into its own scores.
 */
class OpenClLossesTest {
  private OpenClBackend backend;
  private LossKernels losses;

  @BeforeEach
  void open() {
    OpenClTestDevice.probe();
    backend = (OpenClBackend) new OpenClBackendProvider().create();
    losses = backend.nativeFamily(LossKernels.class).orElseThrow();
  }

  @AfterEach
  void close() {
    if (backend != null) {
      backend.close();
    }
  }

  private static float[] random(int size, long seed, float scale) {
    Random random = new Random(seed);
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (random.nextFloat() * 2 - 1) * scale;
    }
    return values;
  }

  private static float[] labels(int rows, int classes, long seed) {
    Random random = new Random(seed);
    float[] labels = new float[rows];
    for (int r = 0; r < rows; r++) {
      labels[r] = random.nextInt(classes);
    }
    return labels;
  }

  @Test
  void lossesOnLabelsFromTheHostMoveNothing() {
    try (Volume scores = backend.upload(Shape.of(4, 3), random(12, 1, 2f));
        Volume labels = backend.upload(Shape.of(4), new float[] {0, 2, 1, 1});
        Volume loss = backend.allocate(Shape.of(1));
        Volume d = backend.allocate(Shape.of(4, 3));
        Volume indices = backend.allocate(Shape.of(4))) {
      long before = backend.transfers();
      losses.softmax(scores, d);
      losses.argmax(scores, indices);
      losses.accumulateCorrect(scores, labels, loss);
      assertEquals(0, backend.transfers() - before, "softmax, argmax and counts stay on the device");
      losses.softmaxCrossEntropy(scores, labels, loss, d);
      losses.multiclassHinge(scores, labels, 1f, loss, null);
      assertEquals(0, backend.transfers() - before, "labels checked as they went up: no label check read");
    }
  }

  @Test
  void labelsAKernelWroteAreCheckedOnTheDeviceAndABadOneStillThrows() {
    try (Volume scores = backend.upload(Shape.of(2, 3), random(6, 1, 2f));
        Volume good = backend.upload(Shape.of(2), new float[] {0, 2});
        Volume bad = backend.upload(Shape.of(2), new float[] {1, 5});
        Volume loss = backend.allocate(Shape.of(1));
        Volume d = backend.allocate(Shape.of(2, 3))) {
      backend.copy(bad, good);
      long before = backend.transfers();
      ConvoyException e = assertThrows(ConvoyException.class, () -> losses.softmaxCrossEntropy(scores, good, loss, d));
      assertTrue(e.getMessage().contains("label 5.0 of row 1"), e.getMessage());
      assertEquals(1, backend.transfers() - before, "labels a kernel wrote: the device's label check is read");
      good.write(new float[] {1, 1});
      losses.softmaxCrossEntropy(scores, good, loss, d);
      assertEquals(2, backend.transfers() - before, "rewritten from the host: known again, only the write moved");
    }
  }

  @Test
  void labelsFromTheHostThatAreNotClassIndicesThrowWithTheRowAndLabel() {
    try (Volume scores = backend.upload(Shape.of(3, 3), random(9, 1, 2f));
        Volume labels = backend.upload(Shape.of(3), new float[] {0, 2.5f, Float.NaN});
        Volume loss = backend.allocate(Shape.of(1));
        Volume d = backend.allocate(Shape.of(3, 3))) {
      ConvoyException e = assertThrows(ConvoyException.class, () -> losses.multiclassHinge(scores, labels, 1f, loss, d));
      assertTrue(e.getMessage().contains("label 2.5 of row 1"), e.getMessage());
    }
  }

  @Test
  void aTrainingStepMovesTheBatchAndLabelsUpAndTheLossDown() {
    // A two-layer classifier of 64 images of 784 values into 10 classes, trained one step as the Trainer does.
    int n = 64;
    ActivationKernels activations = backend.nativeFamily(ActivationKernels.class).orElseThrow();
    OptimizerKernels optimizer = backend.nativeFamily(OptimizerKernels.class).orElseThrow();
    try (Volume images = backend.allocate(Shape.of(n, 784));
        Volume labels = backend.allocate(Shape.of(n));
        Volume w1 = backend.upload(Shape.of(784, 100), random(78_400, 2, 0.05f));
        Volume w2 = backend.upload(Shape.of(100, 10), random(1000, 3, 0.1f));
        Volume v1 = backend.allocate(Shape.of(784, 100));
        Volume v2 = backend.allocate(Shape.of(100, 10));
        Volume hidden = backend.allocate(Shape.of(n, 100));
        Volume scores = backend.allocate(Shape.of(n, 10));
        Volume dScores = backend.allocate(Shape.of(n, 10));
        Volume dHidden = backend.allocate(Shape.of(n, 100));
        Volume g1 = backend.allocate(Shape.of(784, 100));
        Volume g2 = backend.allocate(Shape.of(100, 10));
        Volume loss = backend.allocate(Shape.of(1))) {
      float first = Float.NaN;
      float last = Float.NaN;
      for (int step = 0; step < 3; step++) {
        long before = backend.transfers();
        images.write(random(n * 784, 4, 1f));
        labels.write(labels(n, 10, 5));
        backend.gemm(false, false, 1f, images, w1, 0f, hidden);
        activations.forward(Activation.RELU, hidden, hidden);
        backend.gemm(false, false, 1f, hidden, w2, 0f, scores);
        losses.softmaxCrossEntropy(scores, labels, loss, dScores);
        backend.gemm(true, false, 1f, hidden, dScores, 0f, g2);
        backend.gemm(false, true, 1f, dScores, w2, 0f, dHidden);
        activations.backward(Activation.RELU, null, hidden, dHidden, dHidden);
        backend.gemm(true, false, 1f, images, dHidden, 0f, g1);
        optimizer.momentumStep(0.1f, 0.9f, g1, v1, w1);
        optimizer.momentumStep(0.1f, 0.9f, g2, v2, w2);
        last = loss.toArray()[0];
        first = step == 0 ? last : first;
        assertEquals(3, backend.transfers() - before, "images and labels up, the loss down");
      }
      assertTrue(last < first, "the same batch three times: the loss falls from " + first + " to " + last);
    }
  }

  @Test
  void manyRowsOfManyClassesMatchTheFormulasInDoubleAndTheSameBitsEveryRun() {
    int rows = 300;
    int classes = 1000;
    float[] s = random(rows * classes, 6, 8f);
    float[] l = labels(rows, classes, 7);
    double total = 0;
    double[] grad = new double[rows * classes];
    for (int r = 0; r < rows; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < classes; j++) {
        max = Math.max(max, s[r * classes + j]);
      }
      double sum = 0;
      for (int j = 0; j < classes; j++) {
        sum += Math.exp(s[r * classes + j] - max);
      }
      total += Math.log(sum) - (s[r * classes + (int) l[r]] - max);
      for (int j = 0; j < classes; j++) {
        grad[r * classes + j] = (Math.exp(s[r * classes + j] - max) / sum - (j == l[r] ? 1 : 0)) / rows;
      }
    }
    try (Volume scores = backend.upload(Shape.of(rows, classes), s);
        Volume labels = backend.upload(Shape.of(rows), l);
        Volume loss = backend.allocate(Shape.of(1));
        Volume d = backend.allocate(Shape.of(rows, classes));
        Volume again = backend.allocate(Shape.of(rows, classes))) {
      losses.softmaxCrossEntropy(scores, labels, loss, d);
      assertEquals(total / rows, loss.toArray()[0], 1e-6 * total / rows, "the mean loss");
      float[] actual = d.toArray();
      for (int i = 0; i < actual.length; i++) {
        assertEquals(grad[i], actual[i], 1e-9, "gradient " + i);
      }
      losses.softmaxCrossEntropy(scores, labels, loss, again);
      assertArrayEquals(actual, again.toArray(), "the same bits every run");
    }
  }

  @Test
  void theFirstNaNOfARowWinsItsArgmaxAsInTheReference() {
    float nan = Float.NaN;
    float[] scores = {
        1, nan, 3, nan,
        nan, 1, 2, 3,
        4, 3, 9, 9};
    try (Volume s = backend.upload(Shape.of(3, 4), scores); Volume indices = backend.allocate(Shape.of(3))) {
      losses.argmax(s, indices);
      assertArrayEquals(new float[] {1, 0, 2}, indices.toArray());
    }
  }

  @Test
  void argmaxIntoItsOwnScoresReadsEveryRowFirst() {
    try (Volume s = backend.upload(Shape.of(3, 1), new float[] {5, 6, 7})) {
      losses.argmax(s, s.reshape(Shape.of(3)));
      assertArrayEquals(new float[] {0, 0, 0}, s.toArray());
    }
  }

  @Test
  void theLabelErrorNamesTheFirstBadRowAndItsLabel() {
    try (Volume scores = backend.allocate(Shape.of(3, 4));
        Volume labels = backend.upload(Shape.of(3), new float[] {1, Float.NaN, 9});
        Volume loss = backend.allocate(Shape.of(1))) {
      ConvoyException e = assertThrows(ConvoyException.class,
          () -> losses.softmaxCrossEntropy(scores, labels, loss, null));
      assertEquals("label NaN of row 1 is not a class index in [0, 4); labels must be whole numbers 0..3 for 4 classes",
          e.getMessage());
    }
  }
}
