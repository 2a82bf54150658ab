package dev.convoy.backends.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.Activation;
import dev.convoy.api.kernels.ActivationKernels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the conformance kit does not reach in the activations on the device: NaN, infinities and
 * signed zeros, where the reference's Java semantics (Math.min/max, comparisons) must hold.
 */
class OpenClActivationsTest {
  private static final float[] EDGES = {Float.NaN, -0f, 0f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, -100f,
      100f, -1.5f, 2.5f, 1e-30f, -1e-30f};

  private OpenClBackend backend;
  private ActivationKernels activations;

  @BeforeEach
  void open() {
    OpenClTestDevice.probe();
    backend = (OpenClBackend) new OpenClBackendProvider().create();
    activations = backend.nativeFamily(ActivationKernels.class).orElseThrow();
  }

  @AfterEach
  void close() {
    if (backend != null) {
      backend.close();
    }
  }

  private float[] forward(Activation f) {
    try (Volume x = backend.upload(Shape.of(EDGES.length), EDGES); Volume y = backend.allocate(x.shape())) {
      activations.forward(f, x, y);
      return y.toArray();
    }
  }

  @Test
  void reluLeakyReluAndClipTreatNaNAndSignedZerosAsJavaDoes() {
    float[] relu = new float[EDGES.length];
    float[] leaky = new float[EDGES.length];
    float[] clip = new float[EDGES.length];
    for (int i = 0; i < EDGES.length; i++) {
      float v = EDGES[i];
      relu[i] = v <= 0f ? 0f : v; // NaN stays NaN, as in PyTorch
      leaky[i] = v > 0f ? v : 0.1f * v;
      clip[i] = Math.min(Math.max(v, 0f), 6f);
    }
    assertArrayEquals(relu, forward(Activation.RELU), "relu");
    assertArrayEquals(leaky, forward(new Activation.LeakyRelu(0.1f)), "leaky relu");
    assertArrayEquals(clip, forward(new Activation.Clip(0f, 6f)), "relu6");
    float[] negativeZeroBounds = new float[EDGES.length];
    for (int i = 0; i < EDGES.length; i++) {
      negativeZeroBounds[i] = Math.min(Math.max(EDGES[i], -0f), -0f);
    }
    assertArrayEquals(negativeZeroBounds, forward(new Activation.Clip(-0f, -0f)), "clip to [-0, -0]");
  }

  @Test
  void sigmoidAndTanhSaturateAndPassNaN() {
    float[] sigmoid = forward(new Activation.Sigmoid());
    float[] tanh = forward(new Activation.Tanh());
    for (int i = 0; i < EDGES.length; i++) {
      double v = EDGES[i];
      assertEquals((float) (1 / (1 + Math.exp(-v))), sigmoid[i], 1e-7, "sigmoid(" + v + ")");
      assertEquals((float) Math.tanh(v), tanh[i], 1e-7, "tanh(" + v + ")");
    }
  }
}
