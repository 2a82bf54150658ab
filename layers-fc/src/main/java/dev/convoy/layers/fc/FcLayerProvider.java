package dev.convoy.layers.fc;

import dev.convoy.api.Attributes;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerProvider;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import java.util.List;
import java.util.Set;

/**
 * Makes {@code FC} layers: {@code units} outputs, each connected to every value of the input
 * volume (all dimensions after the batch, e.g. 7x7x512 = 25,088), plus a {@code bias} (1/0).
 */
public final class FcLayerProvider implements LayerProvider {
  /** The layer type name. */
  public static final String TYPE = "FC";

  private static final Set<String> KNOWN = Set.of("units", "bias");

  @Override
  public Set<String> types() {
    return Set.of(TYPE);
  }

  @Override
  public Layer create(String nodeName, LayerSpec spec, List<Shape> inputShapes) {
    Attributes a = spec.attributes();
    a.requireOnly(nodeName + " (" + TYPE + ")", KNOWN);
    if (inputShapes.size() != 1) {
      throw new ShapeException(nodeName + ": FC takes 1 input, got " + inputShapes.size() + " " + inputShapes);
    }
    Shape in = inputShapes.get(0);
    if (in.rank() < 2) {
      throw new ShapeException(nodeName + ": FC needs an input of rank 2 or more [N, ...], got " + in
          + " (rank " + in.rank() + ")");
    }
    if (!a.has("units")) {
      throw new ConvoyException(nodeName + ": FC needs attribute 'units' (the number of outputs)");
    }
    int units = a.getInt("units", 0);
    if (units <= 0) {
      throw new ConvoyException(nodeName + ": units=" + units + " must be positive");
    }
    int bias = a.getInt("bias", 1);
    if (bias != 0 && bias != 1) {
      throw new ConvoyException(nodeName + ": bias=" + bias + " must be 1 (with bias) or 0 (without)");
    }
    if (in.sizePerItem() == 0) {
      throw new ShapeException(nodeName + ": FC input " + in + " holds no values per item");
    }
    return new FcLayer(nodeName, in, units, bias == 1);
  }
}
