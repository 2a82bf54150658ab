package dev.convoy.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.kernels.FusedConvolutionKernels;
import dev.convoy.runtime.BackendSelector;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.ProviderRegistry;
import dev.convoy.runtime.RewriteReport;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every zoo model gives the same scores after the inference rewrites as before (within float
 * rounding), on the simd backend, and the small ones on the reference backend too; and the rewrites
 * really happen: every BatchNorm is folded, and where the backend has its own fused kernels, Convs
 * are fused with their ReLUs and residual Adds. The ImageNet models run at batch 1, the small
 * ones at batch 2, to stay within seconds.
 */
class InferenceRewritesZooTest {
  private static final ProviderRegistry REGISTRY = ProviderRegistry.load();
  private static final Set<String> ACTIVATIONS = Set.of("Relu", "LeakyRelu", "Clip", "Relu6", "Sigmoid", "Tanh");
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

  static Stream<String> everyModel() {
    return Zoo.models().stream().map(ZooModel::name);
  }

  static Stream<String> smallModels() {
    return Zoo.models().stream().filter(InferenceRewritesZooTest::isSmall).map(ZooModel::name);
  }

  private static boolean isSmall(ZooModel model) {
    return model.inputItem().dim(1) <= 32;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyModel")
  void rewrittenModelScoresAsTheOriginalOnSimd(String name) {
    check(name, simd);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("smallModels")
  void rewrittenModelScoresAsTheOriginalOnReference(String name) {
    check(name, reference);
  }

  private static void check(String name, Backend backend) {
    ZooModel zooModel = Zoo.get(name);
    Network network = zooModel.build(REGISTRY, isSmall(zooModel) ? 2 : 1);
    long start = System.nanoTime();
    RewriteComparison.Result result = RewriteComparison.compare(REGISTRY, name, network, backend, 5);
    RewriteReport report = result.report();
    System.out.printf("%s on %s: %s; %d -> %d nodes; relative difference %.3g; %d ms%n", name, backend.name(),
        report, network.nodes().size(), result.rewritten().nodes().size(), result.relativeError(),
        (System.nanoTime() - start) / 1_000_000);

    // Every zoo BatchNorm follows a Conv that only it reads.
    long batchNorms = RewriteComparison.count(network, "BatchNorm");
    assertEquals(batchNorms, report.batchNormsFolded(), name + ": BatchNorms folded");
    assertEquals(0, RewriteComparison.count(result.rewritten(), "BatchNorm"), name + ": BatchNorms left");
    if (backend.nativeFamily(FusedConvolutionKernels.class).isPresent()) {
      boolean hasActivations = network.nodes().stream().anyMatch(n -> ACTIVATIONS.contains(n.spec().type()));
      assertTrue(!hasActivations || report.convsFused() > 0, name + ": no Conv fused: " + report);
      // Every residual Add of the ResNets has a Conv(+BN) branch that only it reads.
      assertEquals(RewriteComparison.count(network, "Add"), report.residualsFused(), name + ": residual Adds fused");
      assertEquals(report.convsFused() + report.convsAlone(), RewriteComparison.count(result.rewritten(), "FusedConv"),
          name);
      assertEquals(0, RewriteComparison.count(result.rewritten(), "Conv"), name + ": every Conv on the fused kernel");
    } else {
      assertEquals(0, report.convsFused() + report.convsAlone(), name + ": fused without the backend's own kernels");
    }
    assertEquals(network.outputs(), result.rewritten().outputs(), name + ": outputs");
  }
}
