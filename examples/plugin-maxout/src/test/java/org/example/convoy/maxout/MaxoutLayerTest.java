package org.example.convoy.maxout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import dev.convoy.tck.GradientCheck;
import dev.convoy.tck.TestLayerContext;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The Maxout layer against a worked example, against a plain loop written from the paper's
 * definition, and its backward pass against central differences (the kit's GradientCheck).
 */
class MaxoutLayerTest {
  private static final Backend BACKEND = TestLayerContext.loadBackend("reference");

  @AfterAll
  static void closeBackend() {
    BACKEND.close();
  }

  private static Layer maxout(Shape input, int pieces) {
    return new MaxoutProvider().create("maxout1", LayerSpec.of("Maxout").with("pieces", pieces), List.of(input));
  }

  private static float[] forward(Layer layer, Shape shape, float[] values, boolean training) {
    try (TestLayerContext ctx = TestLayerContext.forLayer(BACKEND, layer).training(training);
        Volume x = BACKEND.upload(shape, values);
        Volume y = layer.forward(ctx, List.of(x))) {
      assertEquals(layer.outputShape().withBatch(shape.n()), y.shape());
      return y.toArray();
    }
  }

  @Test
  void aWorkedExampleKeepsTheLargestOfEachGroupOfConsecutiveChannels() {
    // One image, 4 channels of 1x2 pixels, pieces 2: channels (0, 1) and (2, 3) compete.
    float[] x = {
        1, -5,   // channel 0
        3, -7,   // channel 1
        -2, 8,   // channel 2
        -4, 6};  // channel 3
    Layer layer = maxout(Shape.nchw(1, 4, 1, 2), 2);

    assertEquals(Shape.nchw(1, 2, 1, 2), layer.outputShape());
    assertArrayEquals(new float[] {3, -5, -2, 8}, forward(layer, Shape.nchw(1, 4, 1, 2), x, true));
  }

  @Test
  void matchesTheDefinitionOnRandomImagesAndScores() {
    Random random = new Random(7);
    for (Shape shape : List.of(Shape.nchw(3, 6, 4, 5), Shape.of(5, 12))) {
      for (int pieces : new int[] {2, 3}) {
        float[] x = new float[shape.intSize()];
        for (int i = 0; i < x.length; i++) {
          x[i] = (float) random.nextGaussian();
        }
        float[] expected = definition(x, shape, pieces);
        assertArrayEquals(expected, forward(maxout(shape, pieces), shape, x, false), shape + " pieces " + pieces);
        assertArrayEquals(expected, forward(maxout(shape, pieces), shape, x, true), "training gives the same");
      }
    }
  }

  /** Maxout as the paper writes it, h_i = max_j z_ij, with plain loops. */
  private static float[] definition(float[] x, Shape shape, int pieces) {
    int n = shape.n();
    int c = shape.dim(1);
    int spatial = shape.sizePerItem() / c;
    float[] y = new float[n * (c / pieces) * spatial];
    for (int b = 0; b < n; b++) {
      for (int g = 0; g < c / pieces; g++) {
        for (int s = 0; s < spatial; s++) {
          float best = Float.NEGATIVE_INFINITY;
          for (int j = 0; j < pieces; j++) {
            best = Math.max(best, x[(b * c + g * pieces + j) * spatial + s]);
          }
          y[(b * (c / pieces) + g) * spatial + s] = best;
        }
      }
    }
    return y;
  }

  @Test
  void backwardPassesCentralDifferencesOnImagesAndScores() {
    for (Shape shape : List.of(Shape.nchw(2, 6, 3, 3), Shape.of(4, 8))) {
      Layer layer = maxout(shape, shape.rank() == 4 ? 3 : 2);
      try (TestLayerContext ctx = TestLayerContext.forLayer(BACKEND, layer);
          Volume x = BACKEND.upload(shape, distinct(shape.intSize(), 11))) {
        GradientCheck.Result result = GradientCheck.of(layer, ctx).inputs(x).check();
        assertTrue(result.largestGradient() > 0.4, "the winners get R (|R| >= 0.5): " + result);
        assertEquals(shape.intSize(), result.checkedValues(), "every input value was checked");
      }
    }
  }

  /**
   * A shuffled ramp with steps of 0.05, so no two pieces tie and a step of 0.01 never changes a
   * winner: maxout is differentiable at every point checked.
   */
  private static float[] distinct(int size, long seed) {
    float[] v = new float[size];
    for (int i = 0; i < size; i++) {
      v[i] = 0.05f * (i - size / 2);
    }
    Random random = new Random(seed);
    for (int i = size - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      float t = v[i];
      v[i] = v[j];
      v[j] = t;
    }
    return v;
  }

  @Test
  void aSmallerLastBatchRunsButAnotherShapeIsRefused() {
    Layer layer = maxout(Shape.nchw(8, 4, 2, 2), 2);
    assertEquals(1 * 2 * 2 * 2, forward(layer, Shape.nchw(1, 4, 2, 2), new float[16], true).length);

    ShapeException e = assertThrows(ShapeException.class,
        () -> forward(layer, Shape.nchw(8, 6, 2, 2), new float[8 * 6 * 4], true));
    assertTrue(e.getMessage().contains("only the batch size may change"), e.getMessage());
  }

  @Test
  void badSpecsAreRefusedWithTheNumbers() {
    ShapeException depth = assertThrows(ShapeException.class, () -> maxout(Shape.nchw(1, 5, 4, 4), 2));
    assertTrue(depth.getMessage().contains("pieces=2 needs a depth divisible by 2, but input [1, 5, 4, 4] has "
        + "depth 5 (5 % 2 = 1)"), depth.getMessage());

    ConvoyException missing = assertThrows(ConvoyException.class, () -> new MaxoutProvider()
        .create("m", LayerSpec.of("Maxout"), List.of(Shape.of(1, 4))));
    assertTrue(missing.getMessage().contains("needs attribute 'pieces'"), missing.getMessage());

    ConvoyException typo = assertThrows(ConvoyException.class, () -> new MaxoutProvider()
        .create("m", LayerSpec.of("Maxout").with("piece", 2), List.of(Shape.of(1, 4))));
    assertTrue(typo.getMessage().contains("unknown attribute(s) [piece]"), typo.getMessage());

    assertThrows(ConvoyException.class, () -> maxout(Shape.of(1, 4), 1));
  }

  @Test
  void theManifestNamesThePluginItsVersionAndTheApiRange() throws Exception {
    Properties manifest = new Properties();
    try (InputStream in = MaxoutProvider.class.getModule().getResourceAsStream("META-INF/convoy-plugin.properties")) {
      assertTrue(in != null, "the jar carries META-INF/convoy-plugin.properties");
      manifest.load(in);
    }
    assertEquals("maxout", manifest.getProperty("name"));
    assertEquals("0.1.0", manifest.getProperty("version"), "filled in from the pom");
    assertEquals("[0.2.0,0.3.0)", manifest.getProperty("api-version"), "filled in from the pom");
  }
}
