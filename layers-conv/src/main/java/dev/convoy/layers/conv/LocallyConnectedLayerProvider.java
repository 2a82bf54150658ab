package dev.convoy.layers.conv;

import dev.convoy.api.Attributes;
import dev.convoy.api.ConvGeometry;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerProvider;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.support.Padding;
import dev.convoy.api.support.Rounding;
import dev.convoy.api.support.SpatialArithmetic;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Makes {@code LocallyConnected} layers, with Conv's attributes except {@code groups}:
 * {@code filters} K, {@code kernel} F (int or [kh, kw]), {@code stride}, {@code pad},
 * {@code dilation}, {@code bias} (1/0) and {@code round} (exact | floor). The output size is
 * Conv's; the parameters are {@code outH*outW} times as many, one set per output position.
 */
public final class LocallyConnectedLayerProvider implements LayerProvider {
  /** The layer type name. */
  public static final String TYPE = "LocallyConnected";

  private static final Set<String> KNOWN = Set.of("filters", "kernel", "stride", "pad", "dilation", "bias", "round");

  @Override
  public Set<String> types() {
    return Set.of(TYPE);
  }

  @Override
  public Layer create(String nodeName, LayerSpec spec, List<Shape> inputShapes) {
    Attributes a = spec.attributes();
    a.requireOnly(nodeName + " (" + TYPE + ")", KNOWN);
    if (inputShapes.size() != 1) {
      throw new ShapeException(nodeName + ": " + TYPE + " takes 1 input, got " + inputShapes.size() + " "
          + inputShapes);
    }
    Shape in = inputShapes.get(0);
    if (in.rank() != 4) {
      throw new ShapeException(nodeName + ": " + TYPE + " needs a rank-4 NCHW input [N, C, H, W], got " + in
          + " (rank " + in.rank() + ")");
    }
    for (String required : List.of("filters", "kernel")) {
      if (!a.has(required)) {
        throw new ConvoyException(nodeName + ": " + TYPE + " needs attribute '" + required + "' ("
            + (required.equals("filters") ? "the number of filters K per position" : "the filter size F, or [kh, kw]")
            + ")");
      }
    }
    int filters = positive(nodeName, "filters", new int[] {a.getInt("filters", 0)})[0];
    int[] kernel = positive(nodeName, "kernel", a.ints("kernel", 2, 1));
    int[] stride = positive(nodeName, "stride", a.ints("stride", 2, 1));
    int[] dilation = positive(nodeName, "dilation", a.ints("dilation", 2, 1));
    int bias = a.getInt("bias", 1);
    if (bias != 0 && bias != 1) {
      throw new ConvoyException(nodeName + ": bias=" + bias + " must be 1 (with bias) or 0 (without)");
    }
    Rounding rounding = Rounding.parse(nodeName, a.getString("round", "exact"));
    if (rounding == Rounding.CEIL) {
      throw new ConvoyException(nodeName + ": round=ceil is for pooling; " + TYPE + " accepts exact or floor");
    }
    Padding p = Padding.parse(nodeName, a);
    int outW = SpatialArithmetic.outputSize(nodeName, "W", in.w(), kernel[1], stride[1], p.left(), p.right(),
        dilation[1], rounding);
    int outH = SpatialArithmetic.outputSize(nodeName, "H", in.h(), kernel[0], stride[0], p.top(), p.bottom(),
        dilation[0], rounding);
    ConvGeometry geometry = new ConvGeometry(in.n(), in.c(), in.h(), in.w(), filters, kernel[0], kernel[1],
        stride[0], stride[1], p.top(), p.left(), p.bottom(), p.right(), dilation[0], dilation[1], 1, outH, outW);
    return new LocallyConnectedLayer(nodeName, geometry, bias == 1);
  }

  private static int[] positive(String node, String name, int[] values) {
    for (int v : values) {
      if (v <= 0) {
        throw new ConvoyException(node + ": " + name + "=" + Arrays.toString(values) + " must be positive");
      }
    }
    return values;
  }
}
