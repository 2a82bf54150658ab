package dev.convoy.layers.core;

import dev.convoy.api.Backend;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Volume;
import dev.convoy.tck.GoldenFile;
import dev.convoy.tck.TestLayerContext;
import dev.convoy.tck.VolumeAssertions;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * BatchNorm (training and inference, NCHW and NC), LRN and the activations against PyTorch 1.13,
 * forward and backward: the files in {@code src/test/resources/golden}, written by its make_golden.py.
 */
class GoldenLayersTest {
  private static final double TOLERANCE = 1e-5;
  private final Backend backend = TestLayerContext.loadBackend("reference");

  private static GoldenFile golden(String name) {
    return GoldenFile.load(GoldenLayersTest.class::getResourceAsStream, "/golden/" + name + ".json");
  }

  /** Runs forward and backward with the file's x and dy; checks y and dx. */
  private void checkForwardAndBackward(GoldenFile g, TestLayerContext ctx, Layer layer) {
    try (Volume x = g.upload(backend, "x");
        Volume y = layer.forward(ctx, List.of(x));
        Volume dy = g.upload(backend, "dy")) {
      VolumeAssertions.assertClose(g.values("y"), y.toArray(), TOLERANCE, g + " y");
      Volume dx = layer.backward(ctx, List.of(x), y, dy).get(0);
      VolumeAssertions.assertClose(g.values("dx"), dx.toArray(), TOLERANCE, g + " dx");
      dx.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"batchnorm_train_nchw", "batchnorm_train_nc", "batchnorm_eval_nchw"})
  void batchNorm(String name) {
    GoldenFile g = golden(name);
    LayerSpec spec = LayerSpec.of("BatchNorm").with("epsilon", (float) g.number("epsilon"))
        .with("momentum", (float) g.number("momentum"));
    Layer layer = new NormalizationLayerProvider().create("bn", spec, List.of(g.shape("x")));
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer).training(g.integer("training") == 1)) {
      ctx.setParam("weight", g.values("weight")).setParam("bias", g.values("bias"))
          .setParam("running_mean", g.values("running_mean")).setParam("running_var", g.values("running_var"));
      checkForwardAndBackward(g, ctx, layer);
      VolumeAssertions.assertClose(g.values("dweight"), ctx.paramGradient("weight").toArray(), TOLERANCE,
          name + " dweight");
      VolumeAssertions.assertClose(g.values("dbias"), ctx.paramGradient("bias").toArray(), TOLERANCE, name + " dbias");
      VolumeAssertions.assertClose(g.values("running_mean_after"), ctx.param("running_mean").toArray(), TOLERANCE,
          name + " running_mean");
      VolumeAssertions.assertClose(g.values("running_var_after"), ctx.param("running_var").toArray(), TOLERANCE,
          name + " running_var");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"lrn_alexnet", "lrn_strong_even"})
  void localResponseNormalization(String name) {
    GoldenFile g = golden(name);
    LayerSpec spec = LayerSpec.of("LRN").with("size", g.integer("size")).with("alpha", (float) g.number("alpha"))
        .with("beta", (float) g.number("beta")).with("bias", (float) g.number("bias"));
    Layer layer = new NormalizationLayerProvider().create("lrn", spec, List.of(g.shape("x")));
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer)) {
      checkForwardAndBackward(g, ctx, layer);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"leaky_relu_default", "leaky_relu_0_2", "sigmoid", "tanh", "relu6"})
  void activations(String name) {
    GoldenFile g = golden(name);
    LayerSpec spec = switch (name) {
      case "leaky_relu_default" -> LayerSpec.of("LeakyRelu");
      case "leaky_relu_0_2" -> LayerSpec.of("LeakyRelu").with("alpha", (float) g.number("alpha"));
      case "sigmoid" -> LayerSpec.of("Sigmoid");
      case "tanh" -> LayerSpec.of("Tanh");
      default -> LayerSpec.of("Relu6");
    };
    Layer layer = new ActivationLayerProvider().create("act", spec, List.of(g.shape("x")));
    try (TestLayerContext ctx = TestLayerContext.forLayer(backend, layer)) {
      checkForwardAndBackward(g, ctx, layer);
    }
  }
}
