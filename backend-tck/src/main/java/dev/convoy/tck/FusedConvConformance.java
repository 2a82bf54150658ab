package dev.convoy.tck;

import dev.convoy.api.ConvGeometry;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.Activation;
import dev.convoy.api.kernels.ActivationKernels;
import dev.convoy.api.kernels.ConvolutionKernels;
import dev.convoy.api.kernels.FusedConvolutionKernels;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link FusedConvolutionKernels} against the unfused composition it stands for, on the same
 * backend: {@link ConvolutionKernels#forward} with the bias, then {@code axpy(1, residual, y)},
 * then {@link ActivationKernels#forward} in place, for every {@link ConvCases} geometry with and
 * without bias and residual and with each activation or none; and the oracle.
 */
abstract class FusedConvConformance extends ConformanceCase {
  private static final List<Activation> ACTIVATIONS = Arrays.asList(null, Activation.RELU,
      new Activation.LeakyRelu(0.1f), new Activation.Clip(-0.5f, 0.5f), new Activation.Sigmoid(), new Activation.Tanh());

  /** The operands of one fused call; bias and residual may be null. */
  private record Operands(Volume x, Volume w, Volume bias, Volume residual) {
    static Operands of(VolumeScope s, ConvGeometry g, boolean withBias, boolean withResidual, long seed) {
      TckRandom random = new TckRandom(seed);
      return new Operands(s.upload(g.inputShape(), random.uniform(g.inputShape().intSize())),
          s.upload(g.filterShape(), random.uniform(g.filterShape().intSize())),
          withBias ? s.upload(Shape.of(g.k()), random.uniform(g.k())) : null,
          withResidual ? s.upload(g.outputShape(), random.uniform(g.outputShape().intSize())) : null);
    }
  }

  private static float[] unfused(VolumeScope s, Operands o, Activation activation, ConvGeometry g) {
    Volume y = s.allocate(g.outputShape());
    s.family(ConvolutionKernels.class).forward(o.x(), o.w(), o.bias(), y, g);
    if (o.residual() != null) {
      s.backend().axpy(1f, o.residual(), y);
    }
    if (activation != null) {
      s.family(ActivationKernels.class).forward(activation, y, y);
    }
    return y.toArray();
  }

  private static float[] fused(VolumeScope s, Operands o, Activation activation, ConvGeometry g) {
    Volume y = s.filled(g.outputShape(), Float.NaN);
    s.family(FusedConvolutionKernels.class).forward(o.x(), o.w(), o.bias(), o.residual(), activation, y, g);
    return y.toArray();
  }

  @Test
  void matchesTheUnfusedCompositionAndOverwrites() {
    family(FusedConvolutionKernels.class); // skips the test where the family cannot run at all
    for (ConvCases.Case c : ConvCases.all()) {
      ConvGeometry g = c.g();
      for (int variant = 0; variant < 4; variant++) {
        boolean withBias = (variant & 1) != 0;
        boolean withResidual = (variant & 2) != 0;
        for (Activation activation : ACTIVATIONS) {
          try (VolumeScope s = scope()) {
            Operands o = Operands.of(s, g, withBias, withResidual, 120 + variant);
            VolumeAssertions.assertClose(unfused(s, o, activation, g), fused(s, o, activation, g), DIRECT_TOLERANCE,
                "fused conv " + c + (withBias ? ", bias" : "") + (withResidual ? ", residual" : "") + ", activation "
                    + activation);
          }
        }
      }
    }
  }

  /** A NaN in the input reaches every output whose window holds it, through the residual and every activation. */
  @Test
  void nanInTheInputStaysNaNThroughEveryActivation() {
    family(FusedConvolutionKernels.class);
    ConvGeometry g = ConvCases.all().getFirst().g();
    for (Activation activation : ACTIVATIONS) {
      try (VolumeScope s = scope()) {
        Operands o = Operands.of(s, g, true, true, 127);
        float[] x = o.x().toArray();
        java.util.Arrays.fill(x, Float.NaN);
        Operands nan = new Operands(s.upload(g.inputShape(), x), o.w(), o.bias(), o.residual());
        float[] y = fused(s, nan, activation, g);
        for (int i = 0; i < y.length; i++) {
          if (!Float.isNaN(y[i])) {
            throw new AssertionError("fused conv of an all-NaN input, activation " + activation + ": output " + i
                + " is " + y[i] + ", not NaN (PyTorch and the reference keep NaN)");
          }
        }
      }
    }
  }

  @Test
  void matchesTheOracle() {
    for (ConvCases.Case c : ConvCases.all()) {
      ConvGeometry g = c.g();
      assertMatchesOracle("fused conv with bias, residual and ReLU, " + c,
          s -> fused(s, Operands.of(s, g, true, true, 125), Activation.RELU, g));
      assertMatchesOracle("fused conv with bias and tanh, " + c,
          s -> fused(s, Operands.of(s, g, true, false, 126), new Activation.Tanh(), g));
    }
  }
}
