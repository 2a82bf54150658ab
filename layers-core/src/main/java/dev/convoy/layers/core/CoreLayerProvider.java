package dev.convoy.layers.core;

import dev.convoy.api.Attributes;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerProvider;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.kernels.Activation;
import java.util.List;
import java.util.Set;

/**
 * Makes the small layers of the notes: {@code Relu}, {@code Flatten}, {@code Dropout} (ratio),
 * {@code Softmax}, and the two losses {@code SoftmaxCrossEntropy} and {@code MulticlassSvm}
 * (margin), which take class scores {@code [N, K]} (or {@code [N, K, 1, 1]}) and labels {@code [N]}.
 */
public final class CoreLayerProvider implements LayerProvider {
  private static final Set<String> TYPES =
      Set.of("Relu", "Flatten", "Dropout", "Softmax", "SoftmaxCrossEntropy", "MulticlassSvm");

  @Override
  public Set<String> types() {
    return TYPES;
  }

  @Override
  public Layer create(String nodeName, LayerSpec spec, List<Shape> inputShapes) {
    String type = spec.type();
    Attributes a = spec.attributes();
    String owner = nodeName + " (" + type + ")";
    switch (type) {
      case "Relu" -> {
        a.requireOnly(owner, Set.of());
        return new ActivationLayer(single(nodeName, type, inputShapes, 1), Activation.RELU);
      }
      case "Flatten" -> {
        a.requireOnly(owner, Set.of());
        return new FlattenLayer(single(nodeName, type, inputShapes, 2));
      }
      case "Dropout" -> {
        a.requireOnly(owner, Set.of("ratio"));
        float ratio = a.getFloat("ratio", 0.5f);
        if (!(ratio >= 0f && ratio < 1f)) {
          throw new ConvoyException(nodeName + ": Dropout ratio=" + ratio
              + " must be in [0, 1): the fraction of values dropped while training");
        }
        return new DropoutLayer(single(nodeName, type, inputShapes, 1), ratio);
      }
      case "Softmax" -> {
        a.requireOnly(owner, Set.of());
        return new SoftmaxLayer(scores(nodeName, type, single(nodeName, type, inputShapes, 2)));
      }
      case "SoftmaxCrossEntropy" -> {
        a.requireOnly(owner, Set.of());
        return new SoftmaxCrossEntropyLayer(nodeName, lossScores(nodeName, type, inputShapes));
      }
      case "MulticlassSvm" -> {
        a.requireOnly(owner, Set.of("margin"));
        float margin = a.getFloat("margin", 1f);
        if (!(margin >= 0f) || Float.isInfinite(margin)) {
          throw new ConvoyException(nodeName + ": MulticlassSvm margin=" + margin + " must be finite and >= 0");
        }
        return new MulticlassSvmLayer(nodeName, lossScores(nodeName, type, inputShapes), margin);
      }
      default -> throw new ConvoyException(nodeName + ": unknown layer type " + type + " (known: " + TYPES + ")");
    }
  }

  private static Shape single(String node, String type, List<Shape> shapes, int minRank) {
    return InputShapes.single(node, type, shapes, minRank);
  }

  /** Checks that {@code s} holds class scores: {@code [N, K]} or {@code [N, K, 1, 1]}. */
  private static Shape scores(String node, String type, Shape s) {
    boolean flat = s.rank() == 2 || (s.rank() == 4 && s.h() == 1 && s.w() == 1);
    if (!flat) {
      throw new ShapeException(node + ": " + type + " needs class scores [N, K] or [N, K, 1, 1], got " + s
          + "; put an FC or Flatten layer before it");
    }
    return s;
  }

  /** Scores and labels of a loss: two inputs, {@code [N, K]} (or {@code [N, K, 1, 1]}) and {@code [N]}. */
  private static Shape lossScores(String node, String type, List<Shape> shapes) {
    if (shapes.size() != 2) {
      throw new ShapeException(node + ": " + type + " takes 2 inputs (scores [N, K], labels [N]), got "
          + shapes.size() + " " + shapes);
    }
    Shape s = scores(node, type, shapes.get(0));
    Shape labels = shapes.get(1);
    if (labels.rank() != 1 || labels.dim(0) != s.n()) {
      throw new ShapeException(node + ": " + type + " needs labels [N] = [" + s.n() + "] (one class index per row"
          + " of the scores " + s + "), got " + labels);
    }
    return s;
  }
}
