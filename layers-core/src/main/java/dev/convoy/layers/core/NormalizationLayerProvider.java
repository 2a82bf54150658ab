package dev.convoy.layers.core;

import dev.convoy.api.Attributes;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerProvider;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import java.util.List;
import java.util.Set;

/**
 * Makes the normalization layers: {@code BatchNorm} ({@code epsilon} 1e-5, {@code momentum} 0.1 in
 * PyTorch's convention; input {@code [N, C, H, W]} or {@code [N, C]}) and {@code LRN} ({@code size}
 * channels, required; {@code alpha} 1e-4, {@code beta} 0.75, {@code bias} (k) 1, as ONNX names them).
 */
public final class NormalizationLayerProvider implements LayerProvider {
  private static final Set<String> TYPES = Set.of("BatchNorm", "LRN");

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
      case "BatchNorm" -> {
        a.requireOnly(owner, Set.of("epsilon", "momentum"));
        float epsilon = a.getFloat("epsilon", 1e-5f);
        float momentum = a.getFloat("momentum", 0.1f);
        if (!(epsilon > 0f) || Float.isInfinite(epsilon)) {
          throw new ConvoyException(nodeName + ": BatchNorm epsilon=" + epsilon + " must be a positive number");
        }
        if (!(momentum >= 0f && momentum <= 1f)) {
          throw new ConvoyException(nodeName + ": BatchNorm momentum=" + momentum + " must be in [0, 1]: the weight"
              + " of each batch in the running statistics (PyTorch's convention, 0.1 by default)");
        }
        return new BatchNormLayer(nodeName, InputShapes.single(nodeName, type, inputShapes, 2), epsilon, momentum);
      }
      case "LRN" -> {
        a.requireOnly(owner, Set.of("size", "alpha", "beta", "bias"));
        if (!a.has("size")) {
          throw new ConvoyException(nodeName + ": LRN needs attribute 'size' (how many neighbouring channels,"
              + " 5 in AlexNet)");
        }
        int size = a.getInt("size", 0);
        float alpha = a.getFloat("alpha", 1e-4f);
        float beta = a.getFloat("beta", 0.75f);
        float k = a.getFloat("bias", 1f);
        if (size <= 0) {
          throw new ConvoyException(nodeName + ": LRN size=" + size + " must be positive");
        }
        if (!(alpha >= 0f) || Float.isInfinite(alpha) || !Float.isFinite(beta) || !(k > 0f) || Float.isInfinite(k)) {
          throw new ConvoyException(nodeName + ": LRN needs alpha >= 0, a finite beta and a positive bias (k), got alpha="
              + alpha + ", beta=" + beta + ", bias=" + k);
        }
        return new LrnLayer(nodeName, InputShapes.single(nodeName, type, inputShapes, 2), size, alpha, beta, k);
      }
      default -> throw new ConvoyException(nodeName + ": unknown layer type " + type + " (known: " + TYPES + ")");
    }
  }
}
