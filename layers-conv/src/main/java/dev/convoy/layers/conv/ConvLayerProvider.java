package dev.convoy.layers.conv;

import dev.convoy.api.Attributes;
import dev.convoy.api.ConvGeometry;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerProvider;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import java.util.List;
import java.util.Set;

/**
 * Makes {@code Conv} layers: {@code filters} K, {@code kernel} F (int or [kh, kw]), {@code stride}
 * S, {@code pad} P (int, [ph, pw] or [top, left, bottom, right]), {@code dilation} (1 = no gap),
 * {@code groups}, {@code bias} (1/0) and {@code round} (exact | floor). The output size follows the
 * notes' {@code (W - F + 2P)/S + 1}, which must be whole unless {@code round=floor}.
 */
public final class ConvLayerProvider implements LayerProvider {
  /** The layer type name. */
  public static final String TYPE = "Conv";

  @Override
  public Set<String> types() {
    return Set.of(TYPE);
  }

  @Override
  public Layer create(String nodeName, LayerSpec spec, List<Shape> inputShapes) {
    Attributes a = spec.attributes();
    a.requireOnly(nodeName + " (" + TYPE + ")", ConvAttributes.KNOWN);
    if (inputShapes.size() != 1) {
      throw new ShapeException(nodeName + ": Conv takes 1 input, got " + inputShapes.size() + " " + inputShapes);
    }
    ConvGeometry geometry = ConvAttributes.geometry(nodeName, TYPE, a, inputShapes.get(0));
    return new ConvLayer(nodeName, geometry, ConvAttributes.hasBias(nodeName, a));
  }
}
