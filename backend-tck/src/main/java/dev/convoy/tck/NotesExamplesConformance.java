package dev.convoy.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convoy.api.ConvGeometry;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.ConvolutionKernels;
import org.junit.jupiter.api.Test;

/**
 * The worked examples of the CS231n notes that are pure kernel arithmetic. The notes index a
 * volume as {@code X[x, y, d]}; here the first spatial axis is H and the second W, so
 * {@code X[a, b, d]} is {@code x[0, d, a, b]} in NCHW.
 */
abstract class NotesExamplesConformance extends ConformanceCase {

  @Test
  void elevenByElevenByFourWithF5S2GivesFourByFourAndTheSlicedSums() {
    ConvGeometry g = ConvCases.geometry(1, 4, 11, 11, 2, 5, 5, 2, 2, 0, 0, 0, 0, 1, 1, 1);
    assertEquals(4, g.outH());
    assertEquals(4, g.outW());
    TckRandom random = new TckRandom(70);
    float[] x = random.uniform(4 * 11 * 11);
    float[] w = random.uniform(2 * 4 * 5 * 5);
    float[] b = random.uniform(2);
    try (VolumeScope s = scope()) {
      Volume y = s.allocate(g.outputShape());
      family(ConvolutionKernels.class).forward(s.upload(g.inputShape(), x), s.upload(g.filterShape(), w), s.upload(Shape.of(2), b), y, g);
      float[] v = y.toArray();
      for (int k = 0; k < 2; k++) {
        for (int a = 0; a < 4; a++) {
          for (int bb = 0; bb < 4; bb++) {
            // V[a, b, k] = sum(X[2a:2a+5, 2b:2b+5, :] * W_k) + b_k
            double sum = b[k];
            for (int i = 0; i < 5; i++) {
              for (int j = 0; j < 5; j++) {
                for (int d = 0; d < 4; d++) {
                  sum += (double) x[(d * 11 + 2 * a + i) * 11 + 2 * bb + j] * w[((k * 4 + d) * 5 + i) * 5 + j];
                }
              }
            }
            assertEquals(sum, v[(k * 4 + a) * 4 + bb], 1e-4, "V[" + a + ", " + bb + ", " + k + "]");
          }
        }
      }
    }
  }

  @Test
  void theDemoFiveByFiveByThreeWithTwoFiltersGivesThreeByThreeByTwo() {
    // W1=H1=5, D1=3, K=2, F=3, S=2, P=1, with small whole numbers as in the notes' demo.
    ConvGeometry g = ConvCases.geometry(1, 3, 5, 5, 2, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1);
    assertEquals(Shape.nchw(1, 2, 3, 3), g.outputShape());
    TckRandom random = new TckRandom(71);
    float[] x = new float[75];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextInt(3); // 0, 1 or 2
    }
    float[] w = new float[54];
    for (int i = 0; i < w.length; i++) {
      w[i] = random.nextInt(3) - 1; // -1, 0 or 1
    }
    float[] bias = {1, 0};
    try (VolumeScope s = scope()) {
      Volume y = s.allocate(g.outputShape());
      family(ConvolutionKernels.class).forward(s.upload(g.inputShape(), x), s.upload(g.filterShape(), w), s.upload(Shape.of(2), bias), y, g);
      float[] v = y.toArray();
      for (int k = 0; k < 2; k++) {
        for (int oh = 0; oh < 3; oh++) {
          for (int ow = 0; ow < 3; ow++) {
            double sum = bias[k];
            for (int d = 0; d < 3; d++) {
              for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                  int ih = 2 * oh - 1 + i;
                  int iw = 2 * ow - 1 + j;
                  if (ih >= 0 && ih < 5 && iw >= 0 && iw < 5) {
                    sum += x[(d * 5 + ih) * 5 + iw] * w[((k * 3 + d) * 3 + i) * 3 + j];
                  }
                }
              }
            }
            assertEquals(sum, v[(k * 3 + oh) * 3 + ow], 0.0, "demo output [" + oh + ", " + ow + ", " + k + "]");
          }
        }
      }
    }
  }

  @Test
  void alexNetConv1HasA363By3025ColumnMatrixAndGives55By55By96() {
    ConvGeometry g = ConvCases.geometry(1, 3, 227, 227, 96, 11, 11, 4, 4, 0, 0, 0, 0, 1, 1, 1);
    assertEquals(Shape.of(363, 3025), g.colShape(), "X_col is 363 x 3025");
    assertEquals(Shape.nchw(1, 96, 55, 55), g.outputShape(), "output 55x55x96");
    TckRandom random = new TckRandom(72);
    float[] x = random.uniform((int) g.inputShape().size());
    float[] w = random.uniform((int) g.filterShape().size());
    try (VolumeScope s = scope()) {
      Volume xv = s.upload(g.inputShape(), x);
      Volume y = s.allocate(g.outputShape());
      family(ConvolutionKernels.class).forward(xv, s.upload(g.filterShape(), w), null, y, g);
      float[] yv = y.toArray();
      double[] direct = DirectConv.forward(g.withBatch(1), x, w, null);
      int[] checked = {0, 54, 3024, 1512, 96 * 3025 - 1, 40 * 3025 + 777};
      for (int at : checked) {
        assertEquals(direct[at], yv[at], 1e-4 * 20, "AlexNet conv1 output value " + at);
      }
    }
  }

  @Test
  void dilationTwoReadsEveryOtherInput() {
    // 1-D: w0*x0 + w1*x2 + w2*x4.
    ConvGeometry g = ConvCases.geometry(1, 1, 1, 5, 1, 1, 3, 1, 1, 0, 0, 0, 0, 1, 2, 1);
    assertEquals(1, g.outW());
    try (VolumeScope s = scope()) {
      Volume y = s.allocate(g.outputShape());
      family(ConvolutionKernels.class).forward(s.upload(g.inputShape(), new float[] {1, 10, 100, 1000, 10000}),
          s.upload(g.filterShape(), new float[] {1, 2, 3}), null, y, g);
      assertEquals(1 * 1 + 2 * 100 + 3 * 10000, y.toArray()[0], 0f, "w0*x0 + w1*x2 + w2*x4");
    }
  }
}
