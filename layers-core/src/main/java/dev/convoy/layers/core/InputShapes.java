package dev.convoy.layers.core;

import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import java.util.List;

/** The input-count and rank checks the providers of this module share; messages name the node. */
final class InputShapes {
  private InputShapes() {}

  /** The one input's shape, of at least {@code minRank}. */
  static Shape single(String node, String type, List<Shape> shapes, int minRank) {
    if (shapes.size() != 1) {
      throw new ShapeException(node + ": " + type + " takes 1 input, got " + shapes.size() + " " + shapes);
    }
    return atLeastRank(node, type, shapes.get(0), minRank);
  }

  /** Two or more inputs, each of at least {@code minRank}. */
  static List<Shape> several(String node, String type, List<Shape> shapes, int minRank) {
    if (shapes.size() < 2) {
      throw new ShapeException(node + ": " + type + " takes 2 or more inputs, got " + shapes.size() + " " + shapes);
    }
    shapes.forEach(s -> atLeastRank(node, type, s, minRank));
    return List.copyOf(shapes);
  }

  private static Shape atLeastRank(String node, String type, Shape in, int minRank) {
    if (in.rank() < minRank) {
      throw new ShapeException(node + ": " + type + " needs an input of rank " + minRank + " or more, got " + in
          + " (rank " + in.rank() + ")");
    }
    return in;
  }
}
