package dev.convoy.formats.onnx;

import dev.convoy.api.ConvoyException;
import java.util.List;
import java.util.Map;

/** How many leading inputs each operator needs, so a malformed node fails with its name, not an index error. */
final class Arity {
  private static final Map<String, Integer> REQUIRED = Map.ofEntries(
      Map.entry("Gather", 2), Map.entry("Reshape", 2), Map.entry("Range", 3), Map.entry("Add", 2),
      Map.entry("Sub", 2), Map.entry("Mul", 2), Map.entry("Div", 2), Map.entry("Min", 2), Map.entry("Max", 2),
      Map.entry("Conv", 2), Map.entry("Gemm", 2), Map.entry("MatMul", 2), Map.entry("BatchNormalization", 5),
      Map.entry("Constant", 0));

  private Arity() {}

  static int required(String op, int opset) {
    return switch (op) {
      case "Slice" -> opset >= 10 ? 3 : 1;
      case "Pad" -> opset >= 11 ? 2 : 1;
      default -> REQUIRED.getOrDefault(op, 1);
    };
  }

  static void check(String where, String op, int opset, List<?> inputs) {
    int need = required(op, opset);
    if (inputs.size() < need) {
      throw new ConvoyException(where + " has " + inputs.size() + " inputs; " + op + " needs " + need);
    }
    for (int i = 0; i < need; i++) {
      if (inputs.get(i) == null) {
        throw new ConvoyException(where + ": required input " + i + " of " + op + " is empty");
      }
    }
  }
}
