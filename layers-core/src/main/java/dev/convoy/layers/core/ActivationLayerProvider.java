package dev.convoy.layers.core;

import dev.convoy.api.Attributes;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerProvider;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.kernels.Activation;
import java.util.List;
import java.util.Set;

/**
 * Makes the activations beyond ReLU: {@code LeakyRelu} ({@code alpha}, 0.01 as PyTorch),
 * {@code Clip} ({@code min} and {@code max}, at least one of them), {@code Relu6} (Clip 0..6, no
 * attributes), {@code Sigmoid} and {@code Tanh}. Any input shape; the output has the same.
 */
public final class ActivationLayerProvider implements LayerProvider {
  private static final Set<String> TYPES = Set.of("LeakyRelu", "Clip", "Relu6", "Sigmoid", "Tanh");

  @Override
  public Set<String> types() {
    return TYPES;
  }

  @Override
  public Layer create(String nodeName, LayerSpec spec, List<Shape> inputShapes) {
    String type = spec.type();
    Attributes a = spec.attributes();
    String owner = nodeName + " (" + type + ")";
    Activation activation = switch (type) {
      case "LeakyRelu" -> {
        a.requireOnly(owner, Set.of("alpha"));
        float alpha = a.getFloat("alpha", 0.01f);
        if (!Float.isFinite(alpha)) {
          throw new ConvoyException(nodeName + ": LeakyRelu alpha=" + alpha + " must be a finite slope");
        }
        yield new Activation.LeakyRelu(alpha);
      }
      case "Clip" -> {
        a.requireOnly(owner, Set.of("min", "max"));
        if (!a.has("min") && !a.has("max")) {
          throw new ConvoyException(nodeName + ": Clip needs attribute 'min', 'max' or both (use Relu6 for 0..6)");
        }
        float min = a.getFloat("min", Float.NEGATIVE_INFINITY);
        float max = a.getFloat("max", Float.POSITIVE_INFINITY);
        if (!(min < max)) {
          throw new ConvoyException(nodeName + ": Clip min=" + min + " must be below max=" + max);
        }
        yield new Activation.Clip(min, max);
      }
      case "Relu6" -> {
        a.requireOnly(owner, Set.of());
        yield new Activation.Clip(0f, 6f);
      }
      case "Sigmoid" -> {
        a.requireOnly(owner, Set.of());
        yield new Activation.Sigmoid();
      }
      case "Tanh" -> {
        a.requireOnly(owner, Set.of());
        yield new Activation.Tanh();
      }
      default -> throw new ConvoyException(nodeName + ": unknown layer type " + type + " (known: " + TYPES + ")");
    };
    return new ActivationLayer(InputShapes.single(nodeName, type, inputShapes, 1), activation);
  }
}
