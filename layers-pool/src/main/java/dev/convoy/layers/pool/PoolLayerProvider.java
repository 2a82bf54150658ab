package dev.convoy.layers.pool;

import dev.convoy.api.support.Padding;
import dev.convoy.api.Attributes;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerProvider;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.PoolGeometry;
import dev.convoy.api.PoolKind;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.support.Rounding;
import dev.convoy.api.support.SpatialArithmetic;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes the POOL layers {@code MaxPool}, {@code AveragePool} and {@code L2Pool}: {@code kernel} F
 * (int or [kh, kw]), {@code stride} S (default F), {@code pad} (as Conv, default 0, smaller than F
 * on every side), {@code round} (exact | floor | ceil) and, for average pooling only,
 * {@code count_include_pad} (0/1). Output {@code (W - F + 2P)/S + 1} per axis, depth unchanged.
 */
public final class PoolLayerProvider implements LayerProvider {
  private static final Map<String, PoolKind> KINDS =
      Map.of("MaxPool", PoolKind.MAX, "AveragePool", PoolKind.AVERAGE, "L2Pool", PoolKind.L2);
  private static final Map<String, PoolKind> GLOBAL_KINDS =
      Map.of("GlobalAveragePool", PoolKind.AVERAGE, "GlobalMaxPool", PoolKind.MAX);
  private static final Set<String> TYPES = Set.of("MaxPool", "AveragePool", "L2Pool", "GlobalAveragePool",
      "GlobalMaxPool");
  private static final Set<String> KNOWN = Set.of("kernel", "stride", "pad", "round");
  private static final Set<String> KNOWN_AVERAGE = Set.of("kernel", "stride", "pad", "round", "count_include_pad");

  @Override
  public Set<String> types() {
    return TYPES;
  }

  @Override
  public Layer create(String nodeName, LayerSpec spec, List<Shape> inputShapes) {
    String type = spec.type();
    if (GLOBAL_KINDS.containsKey(type)) {
      spec.attributes().requireOnly(nodeName + " (" + type + ")", Set.of());
      Shape in = input(nodeName, type, inputShapes);
      return new PoolLayer(nodeName, type, new PoolGeometry(GLOBAL_KINDS.get(type), in.n(), in.c(), in.h(), in.w(),
          in.h(), in.w(), in.h(), in.w(), 0, 0, 0, 0, false, 1, 1));
    }
    PoolKind kind = KINDS.get(type);
    if (kind == null) {
      throw new ConvoyException(nodeName + ": unknown pooling type " + type + " (known: " + types() + ")");
    }
    Attributes a = spec.attributes();
    a.requireOnly(nodeName + " (" + type + ")", kind == PoolKind.AVERAGE ? KNOWN_AVERAGE : KNOWN);
    Shape in = input(nodeName, type, inputShapes);
    if (!a.has("kernel")) {
      throw new ConvoyException(nodeName + ": " + type + " needs attribute 'kernel' (the window size F, or [kh, kw])");
    }
    int[] kernel = positive(nodeName, "kernel", a.ints("kernel", 2, 1));
    int[] stride = a.has("stride") ? positive(nodeName, "stride", a.ints("stride", 2, 1)) : kernel.clone();
    int includePad = a.getInt("count_include_pad", 0);
    if (includePad != 0 && includePad != 1) {
      throw new ConvoyException(nodeName + ": count_include_pad=" + includePad + " must be 0 or 1");
    }
    Rounding rounding = Rounding.parse(nodeName, a.getString("round", "exact"));
    Padding p = Padding.parse(nodeName, a);
    if (p.top() >= kernel[0] || p.bottom() >= kernel[0] || p.left() >= kernel[1] || p.right() >= kernel[1]) {
      throw new ShapeException(nodeName + ": pad " + p + " (top, left, bottom, right) must be smaller than the " + kernel[0] + "x"
          + kernel[1] + " window on every side, or some windows would see only padding");
    }
    // Width first, so that a square input reports the notes' (W - F + 2P)/S + 1.
    int outW = SpatialArithmetic.outputSize(nodeName, "W", in.w(), kernel[1], stride[1], p.left(), p.right(), 1,
        rounding);
    int outH = SpatialArithmetic.outputSize(nodeName, "H", in.h(), kernel[0], stride[0], p.top(), p.bottom(), 1,
        rounding);
    PoolGeometry geometry = new PoolGeometry(kind, in.n(), in.c(), in.h(), in.w(), kernel[0], kernel[1],
        stride[0], stride[1], p.top(), p.left(), p.bottom(), p.right(), includePad == 1, outH, outW);
    return new PoolLayer(nodeName, type, geometry);
  }

  /** The one rank-4 input. */
  private static Shape input(String nodeName, String type, List<Shape> inputShapes) {
    if (inputShapes.size() != 1) {
      throw new ShapeException(nodeName + ": " + type + " takes 1 input, got " + inputShapes.size() + " "
          + inputShapes);
    }
    Shape in = inputShapes.get(0);
    if (in.rank() != 4) {
      throw new ShapeException(nodeName + ": " + type + " needs a rank-4 NCHW input [N, C, H, W], got " + in
          + " (rank " + in.rank() + ")");
    }
    return in;
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
