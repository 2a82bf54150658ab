package dev.convoy.formats.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.BackendProvider;
import dev.convoy.api.Volume;
import dev.convoy.formats.onnx.gen.ModelProto;
import dev.convoy.formats.onnx.gen.NodeProto;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.ProviderRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mul, Reshape, Squeeze/Unsqueeze and Transpose, on computed tensors and folded on constants: small
 * ONNX models in {@code src/test/resources/onnx-ops}, made by {@code src/test/python/make_operator_models.py}
 * (PyTorch's exporter, and onnx.helper for forms PyTorch does not write), run on every backend and
 * compared with the output PyTorch or NumPy computed for the same input. Each case also checks which
 * ONNX operators the file holds and which Convoy layers they became, so a case cannot pass by
 * testing nothing.
 */
class OnnxOperatorGoldenTest {
  private static final Path DIR = Path.of("src/test/resources/onnx-ops");
  private static final ProviderRegistry REGISTRY = ProviderRegistry.load();
  private static final double TOLERANCE = 1e-5;

  /** Case -> (ONNX operators the file must hold, Convoy layer types the import must make). */
  private static final Map<String, List<Set<String>>> CASES = Map.ofEntries(
      Map.entry("mul_gate", List.of(Set.of("Mul", "Sigmoid"), Set.of("Mul", "Sigmoid", "Conv"))),
      // Mul by constants become depthwise 1x1 Convs; the Add of [C,1,1] after one folds in as its bias.
      Map.entry("mul_constants", List.of(Set.of("Mul", "Add"), Set.of("Conv", "Reshape", "FC", "Relu", "Flatten"))),
      Map.entry("reshapes", List.of(Set.of("Reshape"), Set.of("Conv", "Reshape", "Relu", "Flatten", "FC"))),
      // The Transpose of [N, 6, 1, 1] to [N, 1, 6, 1] moves only size-1 axes: it becomes a Reshape.
      Map.entry("transposes", List.of(Set.of("Transpose"),
          Set.of("Conv", "Transpose", "Reshape", "GlobalAveragePool", "Flatten", "FC", "Add"))),
      Map.entry("squeezes_opset11", List.of(Set.of("Squeeze", "Unsqueeze", "Mul"),
          Set.of("Conv", "GlobalAveragePool", "Reshape", "Flatten", "Sigmoid", "Mul"))),
      Map.entry("squeezes_opset13", List.of(Set.of("Squeeze", "Unsqueeze", "Mul"),
          Set.of("Conv", "GlobalAveragePool", "Reshape", "Flatten", "Sigmoid", "Mul"))),
      Map.entry("folded_weights", List.of(Set.of("Mul", "Reshape", "Transpose"), Set.of("Conv", "Flatten", "FC"))),
      Map.entry("const_first", List.of(Set.of("Mul", "Transpose", "Reshape"), Set.of("Conv", "Transpose", "Reshape"))),
      Map.entry("const_folding", List.of(Set.of("Mul", "Reshape", "Transpose"), Set.of("Conv"))),
      Map.entry("spatial_reductions", List.of(Set.of("Concat", "ReduceMean", "ReduceMax"),
          Set.of("Conv", "Concat", "GlobalAveragePool", "GlobalMaxPool", "Flatten"))),
      // HardSigmoid is a depthwise 1x1 Conv (alpha, beta) and a Clip; HardSwish that times x.
      Map.entry("hard_activations_opset13", List.of(Set.of("HardSigmoid", "Mul"),
          Set.of("Conv", "Clip", "Mul", "Add", "Flatten", "Reshape"))),
      Map.entry("hard_activations_opset14", List.of(Set.of("HardSwish", "HardSigmoid"),
          Set.of("Conv", "Clip", "Mul", "Add", "Flatten", "Reshape"))));

  static Stream<Arguments> cases() {
    List<String> backends = REGISTRY.backendProviders().stream().filter(p -> p.availability().available())
        .map(BackendProvider::name).toList();
    return CASES.keySet().stream().sorted().flatMap(c -> backends.stream().map(b -> Arguments.of(c, b)));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("cases")
  void importedModelMatchesTheGoldenOutput(String name, String backendName) throws Exception {
    Path file = DIR.resolve(name + ".onnx");
    Set<String> onnxOps = ModelProto.parseFrom(Files.readAllBytes(file)).getGraph().getNodeList().stream()
        .map(NodeProto::getOpType).collect(Collectors.toSet());
    assertTrue(onnxOps.containsAll(CASES.get(name).get(0)), name + " should use " + CASES.get(name).get(0) + ", has "
        + onnxOps);
    OnnxModel imported = OnnxImporter.read(file, REGISTRY);
    Set<String> layers = imported.network().nodes().stream().map(n -> n.spec().type()).collect(Collectors.toSet());
    assertEquals(CASES.get(name).get(1), layers, name + ": Convoy layers");

    Npy.Array input = Npy.read(DIR.resolve(name + ".input.npy"));
    Npy.Array expected = Npy.read(DIR.resolve(name + ".output.npy"));
    float[] actual;
    try (Backend backend = REGISTRY.backendProviders().stream().filter(p -> p.name().equals(backendName))
            .findFirst().orElseThrow().create();
        Model model = imported.toModel(backend);
        Volume x = backend.upload(input.shape(), input.values());
        Volume y = model.predict(x)) {
      assertArrayEquals(expected.shape().dims(), y.shape().dims(), name + " output shape");
      actual = y.toArray();
    }
    double scale = 0;
    double error = 0;
    for (int i = 0; i < actual.length; i++) {
      scale = Math.max(scale, Math.abs(expected.values()[i]));
      error = Math.max(error, Math.abs(actual[i] - expected.values()[i]));
    }
    assertTrue(scale > 0, name + ": an all-zero output proves nothing");
    assertTrue(error <= TOLERANCE * scale, name + " on " + backendName + ": max |convoy - golden| = " + error
        + " exceeds " + TOLERANCE + " x " + scale);
  }
}
