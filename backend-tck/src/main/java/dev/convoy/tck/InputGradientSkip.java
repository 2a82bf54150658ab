package dev.convoy.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.convoy.api.Backend;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerContext;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import java.util.List;

/**
 * The check for a one-input layer that honours {@link LayerContext#needsInputGradient}: told that
 * nobody reads its input gradient, backward returns null in its place and still adds exactly the
 * parameter gradients of a full backward.
 */
public final class InputGradientSkip {
  private InputGradientSkip() {}

  /** Runs {@code layer} (made for {@code input}) forward, then backward with and without the input gradient. */
  public static void assertOnlyParameterGradients(Backend backend, Layer layer, Shape input) {
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer);
        Volume x = backend.upload(input, new TckRandom(3).uniform(input.intSize()));
        Volume y = layer.forward(ctx, List.of(x));
        Volume dy = backend.upload(y.shape(), new TckRandom(4).uniform(y.shape().intSize()))) {
      List<Volume> full = layer.backward(ctx, List.of(x), y, dy);
      assertNotNull(full.get(0), "a full backward returns the input gradient");
      full.get(0).close();
      List<String> names = List.copyOf(ctx.paramNames());
      List<float[]> expected = names.stream().map(name -> ctx.paramGradient(name).toArray()).toList();
      names.forEach(name -> backend.fill(ctx.paramGradient(name), 0f));
      List<Volume> skipped = layer.backward(ctx.inputGradients(false), List.of(x), y, dy);
      assertEquals(1, skipped.size());
      assertNull(skipped.get(0), "no input gradient when nothing reads it");
      for (int i = 0; i < expected.size(); i++) {
        assertArrayEquals(expected.get(i), ctx.paramGradient(names.get(i)).toArray(), names.get(i) + " gradient");
      }
    }
  }
}
