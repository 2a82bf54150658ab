package dev.convoy.backends.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvGeometry;
import dev.convoy.api.PoolGeometry;
import dev.convoy.api.PoolKind;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.ConvolutionKernels;
import dev.convoy.api.kernels.LossKernels;
import dev.convoy.api.kernels.PoolingKernels;
import dev.convoy.tck.GoldenFile;
import dev.convoy.tck.VolumeAssertions;
import dev.convoy.tck.VolumeScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reference backend against values PyTorch 1.13 computed ({@code golden/make_golden.py}):
 * outputs and the input, weight and bias gradients for a fixed upstream gradient.
 */
class GoldenValuesTest {
  private static final double TOLERANCE = 1e-5;
  private final Backend backend = new ReferenceBackend();
  private final ConvolutionKernels conv = backend.nativeFamily(ConvolutionKernels.class).orElseThrow();
  private final PoolingKernels pool = backend.nativeFamily(PoolingKernels.class).orElseThrow();
  private final LossKernels losses = backend.nativeFamily(LossKernels.class).orElseThrow();

  @AfterEach
  void close() {
    backend.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"conv_stride2_pad1", "conv_dilation2", "conv_groups2", "conv_asymmetric_pad",
      "conv_rectangular"})
  void convolutionMatchesPyTorch(String name) {
    GoldenFile golden = golden(name);
    ConvGeometry g = new ConvGeometry(golden.integer("n"), golden.integer("c"), golden.integer("h"),
        golden.integer("w"), golden.integer("k"), golden.integer("kh"), golden.integer("kw"),
        golden.integer("strideH"), golden.integer("strideW"), golden.integer("padTop"), golden.integer("padLeft"),
        golden.integer("padBottom"), golden.integer("padRight"), golden.integer("dilationH"),
        golden.integer("dilationW"), golden.integer("groups"), golden.integer("outH"), golden.integer("outW"));
    try (VolumeScope s = new VolumeScope(backend)) {
      Volume x = s.upload(g.inputShape(), golden.values("x"));
      Volume w = s.upload(g.filterShape(), golden.values("w"));
      Volume dy = s.upload(g.outputShape(), golden.values("dy"));
      Volume y = s.allocate(g.outputShape());
      conv.forward(x, w, s.upload(Shape.of(g.k()), golden.values("b")), y, g);
      VolumeAssertions.assertClose(golden.values("y"), y.toArray(), TOLERANCE, name + " y");
      Volume dx = s.allocate(g.inputShape());
      conv.backwardData(dy, w, dx, g);
      VolumeAssertions.assertClose(golden.values("dx"), dx.toArray(), TOLERANCE, name + " dx");
      Volume dw = s.allocate(g.filterShape());
      conv.accumulateFilterGradient(x, dy, dw, g);
      VolumeAssertions.assertClose(golden.values("dw"), dw.toArray(), TOLERANCE, name + " dw");
      Volume db = s.allocate(Shape.of(g.k()));
      backend.accumulateChannelBiasGradient(dy, db);
      VolumeAssertions.assertClose(golden.values("db"), db.toArray(), TOLERANCE, name + " db");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"maxpool_k2_s2", "maxpool_k3_s2_pad1_ceil", "avgpool_k2_s2", "avgpool_k3_s2_pad1_ceil_incl",
      "avgpool_k3_s2_pad1_ceil_excl", "l2pool_k2_s2", "l2pool_k3_s2"})
  void poolingMatchesPyTorch(String name) {
    GoldenFile golden = golden(name);
    PoolGeometry g = new PoolGeometry(PoolKind.valueOf(golden.text("kind")), golden.integer("n"), golden.integer("c"),
        golden.integer("h"), golden.integer("w"), golden.integer("kh"), golden.integer("kw"),
        golden.integer("strideH"), golden.integer("strideW"), golden.integer("padTop"), golden.integer("padLeft"),
        golden.integer("padBottom"), golden.integer("padRight"), golden.integer("countIncludePad") == 1,
        golden.integer("outH"), golden.integer("outW"));
    try (VolumeScope s = new VolumeScope(backend)) {
      Volume x = s.upload(g.inputShape(), golden.values("x"));
      Volume y = s.allocate(g.outputShape());
      Volume switches = s.allocate(g.outputShape());
      pool.forward(g, x, y, switches);
      VolumeAssertions.assertClose(golden.values("y"), y.toArray(), TOLERANCE, name + " y");
      if (g.kind() == PoolKind.MAX) {
        VolumeAssertions.assertExactly(golden.values("switches"), switches.toArray(),
            name + " switches (PyTorch's return_indices)");
      }
      Volume dx = s.allocate(g.inputShape());
      pool.backward(g, x, y, s.upload(g.outputShape(), golden.values("dy")), switches, dx);
      VolumeAssertions.assertClose(golden.values("dx"), dx.toArray(), TOLERANCE, name + " dx");
    }
  }

  @Test
  void linearLayerKernelsMatchPyTorch() {
    GoldenFile golden = golden("linear");
    try (VolumeScope s = new VolumeScope(backend)) {
      Volume x = s.upload(golden.shape("x"), golden.values("x"));
      Volume w = s.upload(golden.shape("w"), golden.values("w"));
      Volume dy = s.upload(golden.shape("dy"), golden.values("dy"));
      Volume y = s.allocate(golden.shape("y"));
      backend.gemm(false, true, 1f, x, w, 0f, y);
      backend.addChannelBias(y, s.upload(golden.shape("b"), golden.values("b")));
      VolumeAssertions.assertClose(golden.values("y"), y.toArray(), TOLERANCE, "linear y = x W^T + b");
      Volume dx = s.allocate(golden.shape("x"));
      backend.gemm(false, false, 1f, dy, w, 0f, dx);
      VolumeAssertions.assertClose(golden.values("dx"), dx.toArray(), TOLERANCE, "linear dx = dy W");
      Volume dw = s.allocate(golden.shape("w"));
      backend.gemm(true, false, 1f, dy, x, 1f, dw);
      VolumeAssertions.assertClose(golden.values("dw"), dw.toArray(), TOLERANCE, "linear dW = dy^T x");
      Volume db = s.allocate(golden.shape("b"));
      backend.accumulateChannelBiasGradient(dy, db);
      VolumeAssertions.assertClose(golden.values("db"), db.toArray(), TOLERANCE, "linear db = sum of dy");
    }
  }

  @Test
  void softmaxCrossEntropyMatchesPyTorch() {
    GoldenFile golden = golden("softmax_cross_entropy");
    try (VolumeScope s = new VolumeScope(backend)) {
      Volume scores = s.upload(golden.shape("scores"), golden.values("scores"));
      Volume p = s.allocate(golden.shape("scores"));
      losses.softmax(scores, p);
      VolumeAssertions.assertClose(golden.values("probabilities"), p.toArray(), TOLERANCE, "softmax");
      Volume d = s.allocate(golden.shape("scores"));
      Volume loss = s.allocate(Shape.of(1));
      losses.softmaxCrossEntropy(scores, s.upload(golden.shape("labels"), golden.values("labels")), loss, d);
      float expected = golden.values("loss")[0];
      assertEquals(expected, loss.toArray()[0], TOLERANCE * Math.abs(expected), "mean cross-entropy");
      VolumeAssertions.assertClose(golden.values("dScores"), d.toArray(), TOLERANCE, "cross-entropy gradient");
    }
  }

  @Test
  void multiclassHingeMatchesPyTorchTimesK() {
    GoldenFile golden = golden("multiclass_hinge");
    float margin = golden.integer("marginTimes1000") / 1000f;
    try (VolumeScope s = new VolumeScope(backend)) {
      Volume d = s.allocate(golden.shape("scores"));
      Volume loss = s.allocate(Shape.of(1));
      losses.multiclassHinge(s.upload(golden.shape("scores"), golden.values("scores")),
          s.upload(golden.shape("labels"), golden.values("labels")), margin, loss, d);
      float expected = golden.values("loss")[0];
      assertEquals(expected, loss.toArray()[0], TOLERANCE * Math.abs(expected), "mean hinge loss (torch's mean times K)");
      VolumeAssertions.assertClose(golden.values("dScores"), d.toArray(), TOLERANCE, "hinge gradient");
    }
  }

  private static GoldenFile golden(String name) {
    return GoldenFile.load(GoldenValuesTest.class::getResourceAsStream, "/golden/" + name + ".json");
  }
}
