package dev.convoy.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convoy.api.ConvGeometry;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.LocallyConnectedKernels;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link LocallyConnectedKernels} on every one-group case of {@link ConvCases}: forward against
 * {@link DirectLocallyConnected}, the two backward kernels through the adjoint identities
 * {@code <lc(x,w), dy> == <x, dX(dy,w)> == <w, dW(x,dy)>}, overwrite and accumulate, and the oracle.
 */
abstract class LocallyConnectedConformance extends ConformanceCase {

  private static List<ConvCases.Case> cases() {
    return ConvCases.all().stream().filter(c -> c.g().groups() == 1).toList();
  }

  @Test
  void forwardMatchesTheDefinitionAndOverwrites() {
    LocallyConnectedKernels lc = family(LocallyConnectedKernels.class);
    for (ConvCases.Case c : cases()) {
      ConvGeometry g = c.g();
      Shape ws = DirectLocallyConnected.weightShape(g);
      TckRandom random = new TckRandom(90);
      float[] x = random.uniform(g.inputShape().intSize());
      float[] w = random.uniform(ws.intSize());
      try (VolumeScope s = scope()) {
        Volume y = s.filled(g.outputShape(), Float.NaN);
        lc.forward(s.upload(g.inputShape(), x), s.upload(ws, w), y, g);
        VolumeAssertions.assertClose(DirectLocallyConnected.forward(g, x, w), y.toArray(), DIRECT_TOLERANCE,
            "locally connected forward, " + c);
      }
    }
  }

  @Test
  void backwardKernelsSatisfyTheAdjointIdentitiesAndContracts() {
    LocallyConnectedKernels lc = family(LocallyConnectedKernels.class);
    for (ConvCases.Case c : cases()) {
      ConvGeometry g = c.g();
      Shape ws = DirectLocallyConnected.weightShape(g);
      TckRandom random = new TckRandom(91);
      float[] x = random.uniform(g.inputShape().intSize());
      float[] w = random.uniform(ws.intSize());
      float[] dy = random.uniform(g.outputShape().intSize());
      float[] dwStart = random.uniform(ws.intSize());
      double[] y = DirectLocallyConnected.forward(g, x, w);
      try (VolumeScope s = scope()) {
        Volume dx = s.filled(g.inputShape(), Float.NaN);
        lc.backwardData(s.upload(g.outputShape(), dy), s.upload(ws, w), dx, g);
        Volume dw = s.upload(ws, dwStart);
        lc.accumulateWeightGradient(s.upload(g.inputShape(), x), s.upload(g.outputShape(), dy),
            dw, g);
        float[] dwAdded = dw.toArray();
        for (int i = 0; i < dwAdded.length; i++) {
          dwAdded[i] -= dwStart[i];
        }
        double forward = 0;
        double scale = 1e-6;
        for (int i = 0; i < y.length; i++) {
          forward += y[i] * dy[i];
          scale += Math.abs(y[i] * dy[i]);
        }
        scale += absDot(x, dx.toArray()) + absDot(w, dwAdded);
        assertEquals(forward, dot(x, dx.toArray()), 1e-5 * scale,
            "<lc(x,w), dy> == <x, backwardData(dy,w)> (dx must be overwritten), " + c);
        assertEquals(forward, dot(w, dwAdded), 1e-5 * scale,
            "<lc(x,w), dy> == <w, accumulateWeightGradient(x,dy)> (dw must accumulate), " + c);
      }
    }
  }

  @Test
  void matchesTheOracle() {
    for (ConvCases.Case c : cases()) {
      ConvGeometry g = c.g();
      Shape ws = DirectLocallyConnected.weightShape(g);
      assertMatchesOracle("locally connected forward, backward data and weight gradient, " + c, s -> {
        TckRandom random = new TckRandom(92);
        Volume x = s.upload(g.inputShape(), random.uniform(g.inputShape().intSize()));
        Volume w = s.upload(ws, random.uniform(ws.intSize()));
        Volume dy = s.upload(g.outputShape(), random.uniform(g.outputShape().intSize()));
        Volume y = s.allocate(g.outputShape());
        s.family(LocallyConnectedKernels.class).forward(x, w, y, g);
        Volume dx = s.allocate(g.inputShape());
        s.family(LocallyConnectedKernels.class).backwardData(dy, w, dx, g);
        Volume dw = s.upload(ws, random.uniform(ws.intSize()));
        s.family(LocallyConnectedKernels.class).accumulateWeightGradient(x, dy, dw, g);
        return concat(y.toArray(), dx.toArray(), dw.toArray());
      });
    }
  }
}
