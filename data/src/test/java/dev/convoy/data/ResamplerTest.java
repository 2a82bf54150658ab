package dev.convoy.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Golden values from PyTorch ({@code src/test/python/resample_golden.py}): bilinear with
 * {@code align_corners=False} for enlarging, {@code adaptive_avg_pool2d} for shrinking by whole
 * factors (where area averaging and adaptive pooling agree).
 */
class ResamplerTest {
  @Test
  void sameSizeIsIdentity() {
    float[] src = {1, 2, 3, 4};
    assertArrayEquals(src, Resampler.resize(src, 2, 2, 2, 2));
  }

  @Test
  void constantStaysConstant() {
    float[] src = new float[7 * 5];
    java.util.Arrays.fill(src, 42f);
    for (float v : Resampler.resize(src, 7, 5, 3, 11)) {
      assertEquals(42f, v, 1e-4f);
    }
  }

  @Test
  void oneDimensionalBilinearByHand() {
    // Centres of 4 outputs over 2 inputs: -0.25, 0.25, 0.75, 1.25 -> clamp and interpolate.
    assertArrayEquals(new float[] {0f, 0.25f, 0.75f, 1f},
        Resampler.resize(new float[] {0, 1}, 2, 1, 4, 1), 1e-6f);
  }

  @Test
  void shrinkingByAFractionAveragesAreas() {
    // 3 -> 2: output 0 covers [0, 1.5): (a + b/2) / 1.5; output 1 covers [1.5, 3).
    float[] out = Resampler.resize(new float[] {3, 6, 9}, 3, 1, 2, 1);
    assertArrayEquals(new float[] {(3 + 3) / 1.5f, (3 + 9) / 1.5f}, out, 1e-5f);
  }

  @Test
  void matchesPyTorchGoldenValues() throws IOException {
    String json = golden();
    for (String name : new String[] {"bilinear_up", "area_down"}) {
      int[] in = ints(field(json, name, "in_hw"));
      int[] outHw = ints(field(json, name, "out_hw"));
      float[] src = floats(field(json, name, "input"));
      float[] expected = floats(field(json, name, "output"));
      float[] actual = Resampler.resize(src, in[1], in[0], outHw[1], outHw[0]);
      assertArrayEquals(expected, actual, 1e-4f, name);
    }
  }

  private static String golden() throws IOException {
    try (InputStream in = ResamplerTest.class.getResourceAsStream("resample-golden.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String field(String json, String object, String key) {
    int start = json.indexOf("\"" + object + "\"");
    Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\\[([^\\]]*)\\]").matcher(json);
    if (!m.find(start)) {
      throw new IllegalStateException(object + "." + key + " missing from golden file");
    }
    return m.group(1);
  }

  private static int[] ints(String list) {
    String[] parts = list.split(",");
    int[] values = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      values[i] = Integer.parseInt(parts[i].strip());
    }
    return values;
  }

  private static float[] floats(String list) {
    String[] parts = list.split(",");
    float[] values = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      values[i] = Float.parseFloat(parts[i].strip());
    }
    return values;
  }
}
