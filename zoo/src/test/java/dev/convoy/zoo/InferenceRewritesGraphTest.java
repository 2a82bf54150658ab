package dev.convoy.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.FusedConvolutionKernels;
import dev.convoy.runtime.BackendSelector;
import dev.convoy.runtime.ForwardPass;
import dev.convoy.runtime.InferenceRewrites;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.Node;
import dev.convoy.runtime.ProviderRegistry;
import dev.convoy.runtime.RewriteReport;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The inference rewrites on small hand-made graphs: BatchNorm folding with non-trivial running
 * statistics (random gamma, beta, mean and variance, and a Conv with and one without a bias), which
 * values are swallowed and which must stay (a Conv read twice, a network output), the names the
 * rewritten nodes keep, and that a rewritten model refuses to train.
 */
class InferenceRewritesGraphTest {
  private static final ProviderRegistry REGISTRY = ProviderRegistry.load();
  private static final Shape INPUT = Shape.nchw(2, 3, 8, 8);
  private static Backend simd;
  private static Backend reference;

  @BeforeAll
  static void openBackends() {
    simd = new BackendSelector(REGISTRY).select("simd").open();
    reference = new BackendSelector(REGISTRY).select("reference").open();
  }

  @AfterAll
  static void closeBackends() {
    simd.close();
    reference.close();
  }

  private static Backend backend(String name) {
    return name.equals("simd") ? simd : reference;
  }

  private static LayerSpec conv(int filters, int kernel, int bias) {
    return LayerSpec.of("Conv").with("filters", filters).with("kernel", kernel).with("pad", kernel / 2)
        .with("bias", bias);
  }

  /**
   * c1 (no bias) -> b1 -> r1; c2 (bias) -> b2 (epsilon 1e-3) -> add(b2, r1) -> r2 -> Relu6 after a
   * Conv read twice: c3 -> b3, and out = add(b3, c3), so c3 is neither folded nor fused.
   */
  private static Network residualNet() {
    return Network.builder(REGISTRY)
        .input("data", INPUT)
        .node("c1", conv(4, 3, 0), "data")
        .node("b1", LayerSpec.of("BatchNorm"), "c1")
        .node("r1", LayerSpec.of("Relu"), "b1")
        .node("c2", conv(4, 3, 1), "r1")
        .node("b2", LayerSpec.of("BatchNorm").with("epsilon", 1e-3f), "c2")
        .node("add", LayerSpec.of("Add"), "b2", "r1")
        .node("r2", LayerSpec.of("Relu6"), "add")
        .node("c3", conv(4, 1, 1), "r2")
        .node("b3", LayerSpec.of("BatchNorm"), "c3")
        .node("out", LayerSpec.of("Add"), "b3", "c3")
        .output("out")
        .build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"reference", "simd"})
  void foldsBatchNormsWithRandomStatisticsAndFusesWhatOnlyOneNodeReads(String backendName) {
    Backend backend = backend(backendName);
    RewriteComparison.Result result =
        RewriteComparison.compare(REGISTRY, "residual net", residualNet(), backend, 17);
    boolean fuses = backend.nativeFamily(FusedConvolutionKernels.class).isPresent();
    List<String> expected = fuses
        ? List.of("r1 FusedConv", "r2 FusedConv", "c3 FusedConv", "b3 BatchNorm", "out Add")
        : List.of("b1 Conv", "r1 Relu", "b2 Conv", "add Add", "r2 Relu6", "c3 Conv", "b3 BatchNorm", "out Add");
    assertEquals(expected, describe(result.rewritten()));
    assertEquals(fuses ? new RewriteReport(2, 2, 1, 0, 1) : new RewriteReport(2, 0, 0, 0, 0), result.report());
    if (fuses) {
      LayerSpec r2 = result.rewritten().node("r2").spec();
      assertEquals(List.of("r1", "r1"), result.rewritten().node("r2").inputs(),
          "r2 reads the Conv's input and the residual, both r1");
      assertEquals("clip", r2.attributes().getString("activation", ""));
      assertEquals(6f, r2.attributes().getFloat("max", 0f));
    }
  }

  /** Conv -> BatchNorm -> a Mul by per-channel constants (ONNX import's depthwise 1x1 Conv) -> Relu: one Conv. */
  @ParameterizedTest
  @ValueSource(strings = {"reference", "simd"})
  void foldsAChannelScaleAfterABatchNorm(String backendName) {
    Backend backend = backend(backendName);
    Network net = Network.builder(REGISTRY)
        .input("data", INPUT)
        .node("conv", conv(4, 3, 0), "data")
        .node("bn", LayerSpec.of("BatchNorm"), "conv")
        .node("scale", LayerSpec.of("Conv").with("filters", 4).with("kernel", 1).with("groups", 4).with("bias", 0),
            "bn")
        .node("relu", LayerSpec.of("Relu"), "scale")
        .build();
    RewriteComparison.Result result = RewriteComparison.compare(REGISTRY, "scaled net", net, backend, 5);
    boolean fuses = backend.nativeFamily(FusedConvolutionKernels.class).isPresent();
    assertEquals(fuses ? List.of("relu FusedConv") : List.of("scale Conv", "relu Relu"), describe(result.rewritten()));
    assertEquals(new RewriteReport(1, fuses ? 1 : 0, 0, 1, 0), result.report());
  }

  @ParameterizedTest
  @ValueSource(strings = {"reference", "simd"})
  void leavesNetworkOutputsAlone(String backendName) {
    Network net = Network.builder(REGISTRY)
        .input("data", INPUT)
        .node("conv", conv(4, 3, 1), "data")
        .node("bn", LayerSpec.of("BatchNorm"), "conv")
        .node("relu", LayerSpec.of("Relu"), "bn")
        .output("conv", "relu")
        .build();
    Backend backend = backend(backendName);
    RewriteComparison.Result result = RewriteComparison.compare(REGISTRY, "two outputs", net, backend, 3);
    // Nothing folded or fused across the output; the Conv alone takes the fused kernel where there is one.
    boolean fuses = backend.nativeFamily(FusedConvolutionKernels.class).isPresent();
    assertEquals(new RewriteReport(0, 0, 0, 0, fuses ? 1 : 0), result.report());
    assertEquals(List.of(fuses ? "conv FusedConv" : "conv Conv", "bn BatchNorm", "relu Relu"),
        describe(result.rewritten()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"reference", "simd"})
  void aRewrittenModelRefusesToTrain(String backendName) {
    Backend backend = backend(backendName);
    Network net = Network.builder(REGISTRY)
        .input("data", INPUT)
        .node("conv", conv(4, 3, 1), "data")
        .node("relu", LayerSpec.of("Relu"), "conv")
        .build();
    try (Model original = Model.create(net, backend, 1);
        Model rewritten = InferenceRewrites.apply(original, REGISTRY);
        Volume x = backend.upload(INPUT, RewriteComparison.uniform(new Random(1), INPUT.intSize(), -1, 1))) {
      if (!rewritten.network().node("relu").spec().type().equals("FusedConv")) {
        return; // nothing fused on this backend: the rewritten model is the original network
      }
      try (ForwardPass pass = rewritten.forward(Map.of("data", x), true);
          Volume dy = backend.upload(pass.output().shape(), new float[pass.output().shape().intSize()])) {
        ConvoyException e = assertThrows(ConvoyException.class, () -> pass.backward(dy));
        assertTrue(e.getMessage().contains("inference only"), e.getMessage());
      }
    }
  }

  private static List<String> describe(Network net) {
    return net.nodes().stream().map(InferenceRewritesGraphTest::describe).toList();
  }

  private static String describe(Node node) {
    return node.name() + " " + node.spec().type();
  }
}
