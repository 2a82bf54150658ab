package dev.convoy.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.convoy.api.ConvoyException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NormalizationTest {
  @Test
  void fittedNormalizationGivesZeroMeanUnitStdPerChannel() {
    Random random = new Random(7);
    int n = 50;
    int c = 3;
    int plane = 4 * 5;
    byte[] pixels = new byte[n * c * plane];
    for (int i = 0; i < n; i++) {
      for (int ch = 0; ch < c; ch++) {
        for (int k = 0; k < plane; k++) {
          // Each channel its own range, so a mix-up between channels would show.
          int v = ch * 60 + random.nextInt(40 + ch * 50);
          pixels[(i * c + ch) * plane + k] = (byte) v;
        }
      }
    }
    Dataset d = new Dataset("r", c, 4, 5, pixels, new int[n], List.of("only"));
    Normalization norm = Normalization.fit(d);

    double[] sum = new double[c];
    double[] squares = new double[c];
    float[] image = new float[d.imageSize()];
    for (int i = 0; i < n; i++) {
      d.copyImage(i, image, 0);
      norm.apply(image, 0, plane);
      for (int ch = 0; ch < c; ch++) {
        for (int k = 0; k < plane; k++) {
          double v = image[ch * plane + k];
          sum[ch] += v;
          squares[ch] += v * v;
        }
      }
    }
    for (int ch = 0; ch < c; ch++) {
      double mean = sum[ch] / (n * plane);
      double var = squares[ch] / (n * plane) - mean * mean;
      assertEquals(0, mean, 1e-4, "mean of channel " + ch);
      assertEquals(1, Math.sqrt(var), 1e-4, "std of channel " + ch);
    }
  }

  @Test
  void fitMatchesDirectComputation() {
    byte[] pixels = {0, (byte) 255, 51, 102};
    Dataset d = new Dataset("t", 1, 1, 2, pixels, new int[2], List.of("x"));
    Normalization norm = Normalization.fit(d);
    double m = (0 + 1 + 0.2 + 0.4) / 4;
    double var = (m * m + (1 - m) * (1 - m) + (0.2 - m) * (0.2 - m) + (0.4 - m) * (0.4 - m)) / 4;
    assertEquals(m, norm.mean()[0], 1e-6);
    assertEquals(Math.sqrt(var), norm.std()[0], 1e-6);
  }

  @Test
  void constantChannelGetsUnitStd() {
    Dataset d = new Dataset("t", 1, 1, 3, new byte[] {9, 9, 9}, new int[1], List.of("x"));
    assertArrayEquals(new float[] {1f}, Normalization.fit(d).std());
  }

  @Test
  void ofAndIdentity() {
    Normalization n = Normalization.of(new float[] {0.5f, 0.25f}, new float[] {0.5f, 2f});
    float[] image = {1f, 0.5f, 0.25f, 2.25f};
    n.apply(image, 0, 2);
    assertArrayEquals(new float[] {1f, 0f, 0f, 1f}, image);
    float[] same = {0.3f, 0.7f};
    Normalization.identity(1).apply(same, 0, 2);
    assertArrayEquals(new float[] {0.3f, 0.7f}, same);
    assertThrows(ConvoyException.class, () -> Normalization.of(new float[] {0}, new float[] {0}));
    assertThrows(ConvoyException.class, () -> Normalization.of(new float[] {0}, new float[] {1, 1}));
  }
}
