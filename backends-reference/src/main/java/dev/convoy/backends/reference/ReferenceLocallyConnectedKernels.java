package dev.convoy.backends.reference;

import dev.convoy.api.ConvGeometry;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.LocallyConnectedKernels;
import dev.convoy.api.support.ArrayVolume;

/**
 * The reference {@link LocallyConnectedKernels}: checks owner, the single group and the shapes
 * (weights {@code [outH*outW, K, C*kh*kw]}), then runs {@link ReferenceLocallyConnected}.
 */
final class ReferenceLocallyConnectedKernels implements LocallyConnectedKernels {
  private final ReferenceBackend backend;

  ReferenceLocallyConnectedKernels(ReferenceBackend backend) {
    this.backend = backend;
  }

  @Override
  public void forward(Volume x, Volume w, Volume y, ConvGeometry g) {
    oneGroup(g, "locallyConnected forward");
    ReferenceLocallyConnected.forward(g, shaped(x, g.inputShape(), "locallyConnected x"),
        shaped(w, weightShape(g), "locallyConnected w"), shaped(y, g.outputShape(), "locallyConnected y"));
  }

  @Override
  public void backwardData(Volume dy, Volume w, Volume dx, ConvGeometry g) {
    oneGroup(g, "locallyConnected backwardData");
    ReferenceLocallyConnected.backwardData(g, shaped(dy, g.outputShape(), "locallyConnected dy"),
        shaped(w, weightShape(g), "locallyConnected w"), shaped(dx, g.inputShape(), "locallyConnected dx"));
  }

  @Override
  public void accumulateWeightGradient(Volume x, Volume dy, Volume dw, ConvGeometry g) {
    oneGroup(g, "locallyConnected accumulateWeightGradient");
    ReferenceLocallyConnected.accumulateWeightGradient(g, shaped(x, g.inputShape(), "locallyConnected x"),
        shaped(dy, g.outputShape(), "locallyConnected dy"), shaped(dw, weightShape(g), "locallyConnected dw"));
  }

  /** {@code [outH*outW, K, C*kh*kw]}. */
  private static Shape weightShape(ConvGeometry g) {
    return Shape.of(g.outH() * g.outW(), g.k(), g.colRows());
  }

  private static void oneGroup(ConvGeometry g, String kernel) {
    if (g.groups() != 1) {
      throw new ShapeException(kernel + ": a locally-connected layer has one group, not " + g.groups());
    }
  }

  private ArrayVolume shaped(Volume v, Shape expected, String role) {
    return backend.own(v, role).requireShape(expected, role);
  }
}
