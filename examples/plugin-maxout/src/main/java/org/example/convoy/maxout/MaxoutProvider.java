package org.example.convoy.maxout;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerProvider;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import java.util.List;
import java.util.Set;

/**
 * Makes {@code Maxout} layers (Goodfellow et al. 2013, "Maxout Networks"; ConvNetJS's
 * {@code MaxoutLayer}): the input's depth is cut into groups of {@code pieces} consecutive channels
 * and each group becomes one output channel holding, at every position, the largest of its pieces.
 * An input {@code [N, C, H, W]} gives {@code [N, C/pieces, H, W]}; an FC output {@code [N, K]}
 * gives {@code [N, K/pieces]}. No parameters: the pieces are the previous layer's filters or units.
 *
 * <p>Attribute: {@code pieces} (k, an int of at least 2), required.
 */
public final class MaxoutProvider implements LayerProvider {
  static final String TYPE = "Maxout";

  @Override
  public Set<String> types() {
    return Set.of(TYPE);
  }

  @Override
  public Layer create(String nodeName, LayerSpec spec, List<Shape> inputShapes) {
    spec.attributes().requireOnly(nodeName + " (" + TYPE + ")", Set.of("pieces"));
    if (!spec.attributes().has("pieces")) {
      throw new ConvoyException(nodeName + ": " + TYPE + " needs attribute 'pieces' (how many channels compete"
          + " for each output channel, e.g. 2)");
    }
    int pieces = spec.attributes().getInt("pieces", 0);
    if (pieces < 2) {
      throw new ConvoyException(nodeName + ": " + TYPE + " pieces must be at least 2, got " + pieces);
    }
    if (inputShapes.size() != 1) {
      throw new ShapeException(nodeName + ": " + TYPE + " takes 1 input, got " + inputShapes.size());
    }
    Shape in = inputShapes.get(0);
    if (in.rank() < 2) {
      throw new ShapeException(nodeName + ": " + TYPE + " needs an input with a depth, [N, C, H, W] or [N, K]; got "
          + in);
    }
    if (in.dim(1) % pieces != 0) {
      throw new ShapeException(nodeName + ": " + TYPE + " with pieces=" + pieces + " needs a depth divisible by "
          + pieces + ", but input " + in + " has depth " + in.dim(1) + " (" + in.dim(1) + " % " + pieces + " = "
          + in.dim(1) % pieces + "); give the layer before it a multiple of " + pieces + " filters or units");
    }
    return new MaxoutLayer(nodeName, in, pieces);
  }
}
