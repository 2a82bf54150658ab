package dev.convoy.layers.conv;

import dev.convoy.api.Attributes;
import dev.convoy.api.ConvGeometry;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.support.Padding;
import dev.convoy.api.support.Rounding;
import dev.convoy.api.support.SpatialArithmetic;
import java.util.Arrays;
import java.util.Set;

/**
 * Reads the CONV attributes ({@code filters}, {@code kernel}, {@code stride}, {@code pad},
 * {@code dilation}, {@code groups}, {@code bias}, {@code round}) into a geometry; shared by
 * {@code Conv} and {@code FusedConv}, so that both accept exactly the same convolutions.
 */
final class ConvAttributes {
  /** Every CONV attribute. */
  static final Set<String> KNOWN = Set.of("filters", "kernel", "stride", "pad", "dilation", "groups", "bias", "round");

  private ConvAttributes() {}

  /** The geometry that {@code a} gives over input {@code in}, or an error naming node {@code nodeName}. */
  static ConvGeometry geometry(String nodeName, String type, Attributes a, Shape in) {
    if (in.rank() != 4) {
      throw new ShapeException(nodeName + ": " + type + " needs a rank-4 NCHW input [N, C, H, W], got " + in
          + " (rank " + in.rank() + ")");
    }
    int filters = required(nodeName, type, a, "filters", "the number of filters K");
    if (!a.has("kernel")) {
      throw new ConvoyException(nodeName + ": " + type + " needs attribute 'kernel' (the filter size F, or [kh, kw])");
    }
    int[] kernel = positive(nodeName, "kernel", a.ints("kernel", 2, 1));
    int[] stride = positive(nodeName, "stride", a.ints("stride", 2, 1));
    int[] dilation = positive(nodeName, "dilation", a.ints("dilation", 2, 1));
    int groups = positive(nodeName, "groups", new int[] {a.getInt("groups", 1)})[0];
    Rounding rounding = Rounding.parse(nodeName, a.getString("round", "exact"));
    if (rounding == Rounding.CEIL) {
      throw new ConvoyException(nodeName + ": round=ceil is for pooling; " + type + " accepts exact or floor");
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
    return new ConvGeometry(in.n(), in.c(), in.h(), in.w(), filters, kernel[0], kernel[1],
        stride[0], stride[1], p.top(), p.left(), p.bottom(), p.right(), dilation[0], dilation[1], groups,
        outH, outW);
  }

  /** Whether the layer has a bias: attribute {@code bias}, 1 (the default) or 0. */
  static boolean hasBias(String nodeName, Attributes a) {
    int bias = a.getInt("bias", 1);
    if (bias != 0 && bias != 1) {
      throw new ConvoyException(nodeName + ": bias=" + bias + " must be 1 (with bias) or 0 (without)");
    }
    return bias == 1;
  }

  private static int required(String node, String type, Attributes a, String name, String meaning) {
    if (!a.has(name)) {
      throw new ConvoyException(node + ": " + type + " needs attribute '" + name + "' (" + meaning + ")");
    }
    return positive(node, name, new int[] {a.getInt(name, 0)})[0];
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
