package dev.convoy.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convoy.api.ConvGeometry;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.ConvolutionKernels;
import org.junit.jupiter.api.Test;

/**
 * {@link ConvolutionKernels}: forward against the direct definition; the two backward kernels
 * through the adjoint identities {@code <conv(x,w), dy> == <x, dX(dy,w)> == <w, dW(x,dy)>}, their
 * overwrite/accumulate contracts and the oracle; and the core's per-channel bias forward and gradient.
 */
abstract class ConvConformance extends ConformanceCase {

  @Test
  void forwardMatchesTheDirectDefinitionWithAndWithoutBias() {
    ConvolutionKernels conv = family(ConvolutionKernels.class);
    for (ConvCases.Case c : ConvCases.all()) {
      ConvGeometry g = c.g();
      TckRandom random = new TckRandom(30);
      float[] x = random.uniform((int) g.inputShape().size());
      float[] w = random.uniform((int) g.filterShape().size());
      float[] bias = random.uniform(g.k());
      try (VolumeScope s = scope()) {
        Volume y = s.filled(g.outputShape(), Float.NaN);
        conv.forward(s.upload(g.inputShape(), x), s.upload(g.filterShape(), w), s.upload(Shape.of(g.k()), bias),
            y, g);
        VolumeAssertions.assertClose(DirectConv.forward(g, x, w, bias), y.toArray(), DIRECT_TOLERANCE,
            "conv forward with bias, " + c);
        backend.fill(y, Float.NaN);
        conv.forward(s.upload(g.inputShape(), x), s.upload(g.filterShape(), w), null, y, g);
        VolumeAssertions.assertClose(DirectConv.forward(g, x, w, null), y.toArray(), DIRECT_TOLERANCE,
            "conv forward without bias, " + c);
      }
    }
  }

  @Test
  void backwardKernelsSatisfyTheAdjointIdentities() {
    ConvolutionKernels conv = family(ConvolutionKernels.class);
    for (ConvCases.Case c : ConvCases.all()) {
      ConvGeometry g = c.g();
      TckRandom random = new TckRandom(31);
      float[] x = random.uniform((int) g.inputShape().size());
      float[] w = random.uniform((int) g.filterShape().size());
      float[] dy = random.uniform((int) g.outputShape().size());
      try (VolumeScope s = scope()) {
        Volume y = s.allocate(g.outputShape());
        conv.forward(s.upload(g.inputShape(), x), s.upload(g.filterShape(), w), null, y, g);
        Volume dx = s.filled(g.inputShape(), Float.NaN);
        conv.backwardData(s.upload(g.outputShape(), dy), s.upload(g.filterShape(), w), dx, g);
        Volume dw = s.allocate(g.filterShape());
        conv.accumulateFilterGradient(s.upload(g.inputShape(), x), s.upload(g.outputShape(), dy), dw, g);
        float[] yv = y.toArray();
        double forward = dot(yv, dy);
        double scale = absDot(yv, dy) + absDot(x, dx.toArray()) + 1e-6;
        assertEquals(forward, dot(x, dx.toArray()), 1e-5 * scale, "<conv(x,w), dy> == <x, backwardData(dy,w)>, " + c);
        assertEquals(forward, dot(w, dw.toArray()), 1e-5 * scale,
            "<conv(x,w), dy> == <w, accumulateFilterGradient(x,dy)>, " + c);
      }
    }
  }

  @Test
  void backwardDataOverwritesAndFilterGradientAccumulates() {
    ConvolutionKernels conv = family(ConvolutionKernels.class);
    for (ConvCases.Case c : ConvCases.all()) {
      ConvGeometry g = c.g();
      TckRandom random = new TckRandom(32);
      float[] x = random.uniform((int) g.inputShape().size());
      float[] w = random.uniform((int) g.filterShape().size());
      float[] dy = random.uniform((int) g.outputShape().size());
      float[] dwStart = random.uniform((int) g.filterShape().size());
      try (VolumeScope s = scope()) {
        Volume dxFromZero = s.allocate(g.inputShape());
        conv.backwardData(s.upload(g.outputShape(), dy), s.upload(g.filterShape(), w), dxFromZero, g);
        Volume dxFromNaN = s.filled(g.inputShape(), Float.NaN);
        conv.backwardData(s.upload(g.outputShape(), dy), s.upload(g.filterShape(), w), dxFromNaN, g);
        VolumeAssertions.assertClose(dxFromZero.toArray(), dxFromNaN.toArray(), 1e-6,
            "conv backwardData must overwrite dx (it was NaN), " + c);

        Volume dwFromZero = s.allocate(g.filterShape());
        conv.accumulateFilterGradient(s.upload(g.inputShape(), x), s.upload(g.outputShape(), dy), dwFromZero, g);
        Volume dw = s.upload(g.filterShape(), dwStart);
        conv.accumulateFilterGradient(s.upload(g.inputShape(), x), s.upload(g.outputShape(), dy), dw, g);
        float[] expected = dwFromZero.toArray();
        for (int i = 0; i < expected.length; i++) {
          expected[i] += dwStart[i];
        }
        VolumeAssertions.assertClose(expected, dw.toArray(), 1e-5, "conv accumulateFilterGradient must add to dw, " + c);
      }
    }
  }

  @Test
  void matchesTheOracle() {
    for (ConvCases.Case c : ConvCases.all()) {
      ConvGeometry g = c.g();
      assertMatchesOracle("conv forward, backward data, filter and bias gradients, " + c, s -> {
        TckRandom random = new TckRandom(33);
        Volume x = s.upload(g.inputShape(), random.uniform((int) g.inputShape().size()));
        Volume w = s.upload(g.filterShape(), random.uniform((int) g.filterShape().size()));
        Volume dy = s.upload(g.outputShape(), random.uniform((int) g.outputShape().size()));
        Volume y = s.allocate(g.outputShape());
        s.family(ConvolutionKernels.class).forward(x, w, s.upload(Shape.of(g.k()), random.uniform(g.k())), y, g);
        Volume dx = s.allocate(g.inputShape());
        s.family(ConvolutionKernels.class).backwardData(dy, w, dx, g);
        Volume dw = s.upload(g.filterShape(), random.uniform((int) g.filterShape().size()));
        s.family(ConvolutionKernels.class).accumulateFilterGradient(x, dy, dw, g);
        Volume db = s.upload(Shape.of(g.k()), random.uniform(g.k()));
        s.backend().accumulateChannelBiasGradient(dy, db);
        return concat(y.toArray(), dx.toArray(), dw.toArray(), db.toArray());
      });
    }
  }

  @Test
  void channelBiasAddsPerChannelAndItsGradientAccumulatesSums() {
    TckRandom random = new TckRandom(34);
    // [67, 1001]: an FC layer's output big enough to be split across threads in the middle of a row.
    Shape[] shapes = {Shape.nchw(2, 3, 4, 5), Shape.of(4, 7), Shape.nchw(1, 1, 1, 1), Shape.of(67, 1001)};
    for (Shape shape : shapes) {
      int n = shape.dim(0);
      int channels = shape.dim(1);
      int inner = (int) (shape.size() / n / channels);
      float[] y = random.uniform((int) shape.size());
      float[] bias = random.uniform(channels);
      float[] dbStart = random.uniform(channels);
      double[] expectedY = new double[y.length];
      double[] expectedDb = new double[channels];
      for (int i = 0; i < y.length; i++) {
        int ch = (i / inner) % channels;
        expectedY[i] = y[i] + bias[ch];
        expectedDb[ch] += y[i];
      }
      for (int ch = 0; ch < channels; ch++) {
        expectedDb[ch] += dbStart[ch];
      }
      try (VolumeScope s = new VolumeScope(backend)) {
        Volume yv = s.upload(shape, y);
        backend.addChannelBias(yv, s.upload(Shape.of(channels), bias));
        VolumeAssertions.assertClose(expectedY, yv.toArray(), DIRECT_TOLERANCE, "addChannelBias on " + shape);
        Volume db = s.upload(Shape.of(channels), dbStart);
        backend.accumulateChannelBiasGradient(s.upload(shape, y), db);
        VolumeAssertions.assertClose(expectedDb, db.toArray(), DIRECT_TOLERANCE,
            "accumulateChannelBiasGradient on " + shape + " (must add to dBias)");
      }
    }
  }
}
