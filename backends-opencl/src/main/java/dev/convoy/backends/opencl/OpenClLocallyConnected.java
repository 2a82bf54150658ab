package dev.convoy.backends.opencl;

import dev.convoy.api.ConvGeometry;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.LocallyConnectedKernels;

/**
 * {@link LocallyConnectedKernels} on the device, from {@code locally_connected.cl}: one work-item
 * per value of each kernel's output (the backward gathers, so no two work-items write one value),
 * the geometry passed as arguments so that every shape runs on one compiled program. Rare layers,
 * so plain loops rather than tiles.
 */
final class OpenClLocallyConnected implements LocallyConnectedKernels {
  private static final String SOURCE = "locally_connected.cl";

  private final OpenClBackend backend;

  OpenClLocallyConnected(OpenClBackend backend) {
    this.backend = backend;
  }

  @Override
  public void forward(Volume x, Volume w, Volume y, ConvGeometry g) {
    oneGroup(g, "locallyConnected forward");
    OpenClVolume in = shaped(x, g.inputShape(), "locallyConnected x");
    OpenClVolume weights = shaped(w, weightShape(g), "locallyConnected w");
    OpenClVolume out = shaped(y, g.outputShape(), "locallyConnected y");
    launch("lc_forward", in, weights, out, g, out.size());
  }

  @Override
  public void backwardData(Volume dy, Volume w, Volume dx, ConvGeometry g) {
    oneGroup(g, "locallyConnected backwardData");
    OpenClVolume grad = shaped(dy, g.outputShape(), "locallyConnected dy");
    OpenClVolume weights = shaped(w, weightShape(g), "locallyConnected w");
    OpenClVolume out = shaped(dx, g.inputShape(), "locallyConnected dx");
    launch("lc_backward_data", grad, weights, out, g, out.size());
  }

  @Override
  public void accumulateWeightGradient(Volume x, Volume dy, Volume dw, ConvGeometry g) {
    oneGroup(g, "locallyConnected accumulateWeightGradient");
    OpenClVolume in = shaped(x, g.inputShape(), "locallyConnected x");
    OpenClVolume grad = shaped(dy, g.outputShape(), "locallyConnected dy");
    OpenClVolume out = shaped(dw, weightShape(g), "locallyConnected dw");
    launch("lc_weight_gradient", in, grad, out, g, out.size());
  }

  /** One work-item per value of {@code out}, with the two inputs and the geometry as every kernel takes them. */
  private void launch(String kernel, OpenClVolume first, OpenClVolume second, OpenClVolume out, ConvGeometry g,
      int items) {
    backend.programs().kernel(SOURCE, "", kernel).call().arg(first.mem()).arg(second.mem()).arg(out.mem())
        .arg(g.n()).arg(g.c()).arg(g.h()).arg(g.w()).arg(g.k()).arg(g.kh()).arg(g.kw()).arg(g.strideH())
        .arg(g.strideW()).arg(g.padTop()).arg(g.padLeft()).arg(g.dilationH()).arg(g.dilationW()).arg(g.outH())
        .arg(g.outW()).launch(items);
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

  private OpenClVolume shaped(Volume v, Shape expected, String role) {
    OpenClVolume own = backend.own(v, role);
    if (!own.shape().equals(expected)) {
      throw new ShapeException(role + " has shape " + own.shape() + " but must have shape " + expected);
    }
    return own;
  }
}
