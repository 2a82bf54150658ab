package dev.convoy.layers.conv;

import dev.convoy.api.support.Padding;
import dev.convoy.api.Attributes;
import dev.convoy.api.ConvGeometry;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerProvider;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.support.Rounding;
import dev.convoy.api.support.SpatialArithmetic;
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

  private static final Set<String> KNOWN =
      Set.of("filters", "kernel", "stride", "pad", "dilation", "groups", "bias", "round");

  @Override
  public Set<String> types() {
    return Set.of(TYPE);
  }

  @Override
  public Layer create(String nodeName, LayerSpec spec, List<Shape> inputShapes) {
    Attributes a = spec.attributes();
    a.requireOnly(nodeName + " (" + TYPE + ")", KNOWN);
    if (inputShapes.size() != 1) {
      throw new ShapeException(nodeName + ": Conv takes 1 input, got " + inputShapes.size() + " " + inputShapes);
    }
    Shape in = inputShapes.get(0);
    if (in.rank() != 4) {
      throw new ShapeException(nodeName + ": Conv needs a rank-4 NCHW input [N, C, H, W], got " + in
          + " (rank " + in.rank() + ")");
    }
    int filters = required(nodeName, a, "filters", "the number of filters K");
    if (!a.has("kernel")) {
      throw new ConvoyException(nodeName + ": Conv needs attribute 'kernel' (the filter size F, or [kh, kw])");
    }
    int[] kernel = positive(nodeName, "kernel", a.ints("kernel", 2, 1));
    int[] stride = positive(nodeName, "stride", a.ints("stride", 2, 1));
    int[] dilation = positive(nodeName, "dilation", a.ints("dilation", 2, 1));
    int groups = positive(nodeName, "groups", new int[] {a.getInt("groups", 1)})[0];
    int bias = a.getInt("bias", 1);
    if (bias != 0 && bias != 1) {
      throw new ConvoyException(nodeName + ": bias=" + bias + " must be 1 (with bias) or 0 (without)");
    }
    Rounding rounding = Rounding.parse(nodeName, a.getString("round", "exact"));
    if (rounding == Rounding.CEIL) {
      throw new ConvoyException(nodeName + ": round=ceil is for pooling; Conv accepts exact or floor");
    }
    if (in.c() % groups != 0 || filters % groups != 0) {
      throw new ShapeException(nodeName + ": groups=" + groups + " must divide the input depth C=" + in.c()
          + " and the filter count K=" + filters);
    }
    Padding p = Padding.parse(nodeName, a);
    // Width first, so that a square input reports the notes' (W - F + 2P)/S + 1.
    int outW = SpatialArithmetic.outputSize(nodeName, "W", in.w(), kernel[1], stride[1], p.left(), p.right(),
        dilation[1], rounding);
    int outH = SpatialArithmetic.outputSize(nodeName, "H", in.h(), kernel[0], stride[0], p.top(), p.bottom(),
        dilation[0], rounding);
    ConvGeometry geometry = new ConvGeometry(in.n(), in.c(), in.h(), in.w(), filters, kernel[0], kernel[1],
        stride[0], stride[1], p.top(), p.left(), p.bottom(), p.right(), dilation[0], dilation[1], groups,
        outH, outW);
    return new ConvLayer(nodeName, geometry, bias == 1);
  }

  private static int required(String node, Attributes a, String name, String meaning) {
    if (!a.has(name)) {
      throw new ConvoyException(node + ": Conv needs attribute '" + name + "' (" + meaning + ")");
    }
    return positive(node, name, new int[] {a.getInt(name, 0)})[0];
  }

  private static int[] positive(String node, String name, int[] values) {
    for (int v : values) {
      if (v <= 0) {
        throw new ConvoyException(node + ": " + name + "=" + java.util.Arrays.toString(values)
            + " must be positive");
      }
    }
    return values;
  }
}
