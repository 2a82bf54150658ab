package dev.convoy.app.summary;

import dev.convoy.api.Attributes;
import dev.convoy.api.ParamSpec;
import dev.convoy.api.Shape;
import dev.convoy.runtime.Node;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the notes write one layer: its label ({@code CONV3-64}, {@code POOL2}, {@code FC}), the
 * values of its output ({@code 224*224*64=3.2M}) and its weights ({@code (3*3*3)*64 = 1,728},
 * {@code 7*7*512*4096 = 102,760,448}).
 */
public final class LayerText {
  private LayerText() {}

  /** {@code CONV3-64} (with {@code /S} for a stride above 1), {@code POOL2}, {@code POOL3/2}, {@code FC}, else the type. */
  public static String label(Node node) {
    Attributes a = node.spec().attributes();
    return switch (node.spec().type()) {
      case "Conv" -> "CONV" + extent(a.ints("kernel", 2, 1)) + "-" + a.getInt("filters", 0)
          + strideSuffix(a.ints("stride", 2, 1), 1);
      case "MaxPool" -> pool("POOL", a);
      case "AveragePool" -> pool("AVGPOOL", a);
      case "L2Pool" -> pool("L2POOL", a);
      case "GlobalAveragePool" -> "GLOBAL-AVGPOOL";
      case "GlobalMaxPool" -> "GLOBAL-MAXPOOL";
      case "FC" -> "FC";
      default -> node.spec().type().toUpperCase(Locale.ROOT);
    };
  }

  private static String pool(String name, Attributes a) {
    int[] kernel = a.ints("kernel", 2, 1);
    int[] stride = a.has("stride") ? a.ints("stride", 2, 1) : kernel;
    return name + extent(kernel) + strideSuffix(stride, kernel[0] == kernel[1] ? kernel[0] : -1);
  }

  private static String extent(int[] kernel) {
    return kernel[0] == kernel[1] ? Integer.toString(kernel[0]) : kernel[0] + "x" + kernel[1];
  }

  /** {@code /2} unless the stride is the usual one ({@code plain}): 1 for CONV, the window for POOL. */
  private static String strideSuffix(int[] stride, int plain) {
    if (stride[0] == stride[1]) {
      return stride[0] == plain ? "" : "/" + stride[0];
    }
    return "/" + stride[0] + "x" + stride[1];
  }

  /** {@code 224*224*64=3.2M} for an image volume, {@code 4096} for scores, per image. */
  static String memory(Shape shape) {
    long values = shape.sizePerItem();
    if (shape.rank() == 4) {
      return shape.w() + "*" + shape.h() + "*" + shape.c() + "=" + NotesNumbers.approximate(values, 2);
    }
    return NotesNumbers.approximate(values, 2);
  }

  /**
   * The weights (not biases) as the notes multiply them out: {@code (F*F*D)*K} for a CONV,
   * {@code W*H*D*K} for an FC over an image volume, {@code D*K} for an FC over scores, the shapes of
   * other layers' weights, {@code 0} for none.
   */
  static String weights(Node node, Shape input, long count) {
    if (count == 0) {
      return "0";
    }
    String formula = switch (node.spec().type()) {
      case "Conv" -> convFormula(weightShape(node));
      case "FC" -> fcFormula(input, node.spec().attributes().getInt("units", 0));
      default -> otherFormula(node);
    };
    String total = NotesNumbers.grouped(count);
    return formula == null || formula.equals(Long.toString(count)) ? total : formula + " = " + total;
  }

  private static Shape weightShape(Node node) {
    return node.layer().parameters().stream().filter(p -> p.name().equals("weight")).map(ParamSpec::shape)
        .findFirst().orElse(null);
  }

  private static String convFormula(Shape w) {
    if (w == null || w.rank() != 4) {
      return null;
    }
    // Filters [K, C/groups, kh, kw]: each filter is F*F*D weights (the notes' (3*3*64)), times K.
    return "(" + w.dim(2) + "*" + w.dim(3) + "*" + w.dim(1) + ")*" + w.dim(0);
  }

  private static String fcFormula(Shape input, int units) {
    if (input.rank() == 4 && input.h() * input.w() > 1) {
      return input.w() + "*" + input.h() + "*" + input.c() + "*" + units;
    }
    return input.sizePerItem() + "*" + units;
  }

  private static String otherFormula(Node node) {
    List<ParamSpec> weights = node.layer().parameters().stream().filter(p -> ParameterKind.of(p) == ParameterKind.WEIGHT)
        .toList();
    return weights.stream()
        .map(p -> p.shape().rank() == 0 ? "1"
            : java.util.Arrays.stream(p.shape().dims()).mapToObj(Integer::toString).collect(Collectors.joining("*")))
        .collect(Collectors.joining(" + "));
  }
}
