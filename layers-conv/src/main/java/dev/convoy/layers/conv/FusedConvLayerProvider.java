package dev.convoy.layers.conv;

import dev.convoy.api.Attributes;
import dev.convoy.api.ConvGeometry;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerProvider;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.kernels.Activation;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes {@code FusedConv} layers, inference only: {@code y = act(conv(x, w) + bias + residual)}.
 * Every {@code Conv} attribute, plus {@code activation}: {@code none} (the default), {@code relu},
 * {@code leaky_relu} (slope {@code alpha}, 0.01 as PyTorch), {@code clip} ({@code min} and/or
 * {@code max}), {@code sigmoid} or {@code tanh}. One input, or two when the second is the residual,
 * which must have the output's shape. Parameters as Conv: {@code weight} and, unless {@code bias=0},
 * {@code bias}. The runtime's inference rewrites make these; a user rarely writes one.
 */
public final class FusedConvLayerProvider implements LayerProvider {
  /** The layer type name. */
  public static final String TYPE = "FusedConv";

  private static final Set<String> KNOWN = known();

  @Override
  public Set<String> types() {
    return Set.of(TYPE);
  }

  @Override
  public Layer create(String nodeName, LayerSpec spec, List<Shape> inputShapes) {
    Attributes a = spec.attributes();
    a.requireOnly(nodeName + " (" + TYPE + ")", KNOWN);
    if (inputShapes.size() != 1 && inputShapes.size() != 2) {
      throw new ShapeException(nodeName + ": FusedConv takes 1 input, or 2 with the residual second, got "
          + inputShapes.size() + " " + inputShapes);
    }
    ConvGeometry geometry = ConvAttributes.geometry(nodeName, TYPE, a, inputShapes.get(0));
    boolean hasResidual = inputShapes.size() == 2;
    if (hasResidual && !inputShapes.get(1).equals(geometry.outputShape())) {
      throw new ShapeException(nodeName + ": the residual " + inputShapes.get(1) + " must have the convolution's"
          + " output shape " + geometry.outputShape());
    }
    return new FusedConvLayer(nodeName, geometry, ConvAttributes.hasBias(nodeName, a), hasResidual,
        activation(nodeName, a));
  }

  /** The activation the attributes name, or null for {@code none}; its parameters only where it takes them. */
  static Activation activation(String nodeName, Attributes a) {
    String name = a.getString("activation", "none");
    Set<String> allowed = switch (name) {
      case "leaky_relu" -> Set.of("alpha");
      case "clip" -> Set.of("min", "max");
      default -> Set.of();
    };
    for (String parameter : List.of("alpha", "min", "max")) {
      if (a.has(parameter) && !allowed.contains(parameter)) {
        throw new ConvoyException(nodeName + ": attribute '" + parameter + "' does not apply to activation=" + name);
      }
    }
    return switch (name) {
      case "none" -> null;
      case "relu" -> Activation.RELU;
      case "leaky_relu" -> {
        float alpha = a.getFloat("alpha", 0.01f);
        if (!Float.isFinite(alpha)) {
          throw new ConvoyException(nodeName + ": leaky_relu alpha=" + alpha + " must be a finite slope");
        }
        yield new Activation.LeakyRelu(alpha);
      }
      case "clip" -> {
        if (!a.has("min") && !a.has("max")) {
          throw new ConvoyException(nodeName + ": activation=clip needs attribute 'min', 'max' or both");
        }
        float min = a.getFloat("min", Float.NEGATIVE_INFINITY);
        float max = a.getFloat("max", Float.POSITIVE_INFINITY);
        if (!(min < max)) {
          throw new ConvoyException(nodeName + ": clip min=" + min + " must be below max=" + max);
        }
        yield new Activation.Clip(min, max);
      }
      case "sigmoid" -> new Activation.Sigmoid();
      case "tanh" -> new Activation.Tanh();
      default -> throw new ConvoyException(nodeName + ": unknown activation '" + name
          + "' (known: none, relu, leaky_relu, clip, sigmoid, tanh)");
    };
  }

  private static Set<String> known() {
    Set<String> names = new HashSet<>(ConvAttributes.KNOWN);
    names.addAll(List.of("activation", "alpha", "min", "max"));
    return Set.copyOf(names);
  }
}
