package dev.convoy.backends.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convoy.api.ConvGeometry;
import dev.convoy.tck.ConvCases;
import dev.convoy.tck.DirectConv;
import dev.convoy.tck.TckRandom;
import dev.convoy.tck.VolumeAssertions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The reference convolution's own im2col (no longer part of the backend contract): against its
 * definition on every {@link ConvCases} geometry, col2im as its adjoint and its accumulation, and
 * the notes' AlexNet example of one column.
 */
class ReferenceIm2colTest {

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (double) a[i] * b[i];
    }
    return sum;
  }

  private static double absDot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += Math.abs((double) a[i] * b[i]);
    }
    return sum;
  }

  @Test
  void im2colMatchesTheDefinitionAndOverwrites() {
    for (ConvCases.Case c : ConvCases.all()) {
      ConvGeometry g = c.g();
      float[] x = new TckRandom(20).uniform(g.inputShape().intSize());
      int image = g.n() - 1; // the last image, so an offset mistake shows
      float[] col = new float[3 + g.colShape().intSize()];
      Arrays.fill(col, Float.NaN);
      ReferenceIm2col.im2col(x, 0, image, g, col, 3);
      float[] actual = Arrays.copyOfRange(col, 3, col.length);
      VolumeAssertions.assertNoNaN(actual, "im2col " + c);
      VolumeAssertions.assertClose(DirectConv.im2col(g, x, image), actual, 0, "im2col " + c);
    }
  }

  @Test
  void col2imIsTheAdjointOfIm2colAndLeavesOtherImagesAlone() {
    for (ConvCases.Case c : ConvCases.all()) {
      ConvGeometry g = c.g();
      TckRandom random = new TckRandom(21);
      float[] x = random.uniform(g.inputShape().intSize());
      float[] cols = random.uniform(g.colShape().intSize());
      int image = g.n() - 1;
      float[] col = new float[g.colShape().intSize()];
      ReferenceIm2col.im2col(x, 0, image, g, col, 0);
      float[] dx = new float[g.inputShape().intSize()];
      ReferenceIm2col.col2im(cols, 0, g, dx, 0, image);
      double scale = absDot(col, cols) + 1e-6;
      assertEquals(dot(col, cols), dot(x, dx), 1e-5 * scale, "<im2col(x), c> == <x, col2im(c)> for " + c);
      int imageSize = g.c() * g.h() * g.w();
      for (int i = 0; i < image * imageSize; i++) {
        assertEquals(0f, dx[i], "col2im into image " + image + " must leave other images alone (" + c + ")");
      }
    }
  }

  @Test
  void col2imAddsToWhatIsThere() {
    for (ConvCases.Case c : ConvCases.all()) {
      ConvGeometry g = c.g();
      TckRandom random = new TckRandom(22);
      float[] start = random.uniform(g.inputShape().intSize());
      float[] cols = random.uniform(g.colShape().intSize());
      float[] fromZero = new float[start.length];
      ReferenceIm2col.col2im(cols, 0, g, fromZero, 0, 0);
      float[] fromStart = start.clone();
      ReferenceIm2col.col2im(cols, 0, g, fromStart, 0, 0);
      float[] expected = fromZero.clone();
      for (int i = 0; i < expected.length; i++) {
        expected[i] += start[i];
      }
      VolumeAssertions.assertClose(expected, fromStart, 1e-6, "col2im accumulates, " + c);
    }
  }

  @Test
  void alexNetConv1LastColumnIsTheLastReceptiveField() {
    ConvGeometry g = ConvCases.geometry(1, 3, 227, 227, 96, 11, 11, 4, 4, 0, 0, 0, 0, 1, 1, 1);
    float[] x = new TckRandom(72).uniform(g.inputShape().intSize());
    float[] cols = new float[g.colShape().intSize()];
    ReferenceIm2col.im2col(x, 0, 0, g, cols, 0);
    // Column 3024 is the receptive field of the last output (54, 54): rows 216..226, cols 216..226.
    for (int d = 0; d < 3; d++) {
      for (int i = 0; i < 11; i++) {
        for (int j = 0; j < 11; j++) {
          int row = (d * 11 + i) * 11 + j;
          assertEquals(x[(d * 227 + 216 + i) * 227 + 216 + j], cols[row * 3025 + 3024], "X_col row " + row);
        }
      }
    }
  }
}
