package dev.convoy.backends.opencl;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.PoolGeometry;
import dev.convoy.api.PoolKind;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.PoolingKernels;

/**
 * {@link PoolingKernels} on the device, from {@code pool.cl} built per geometry: forward one
 * work-item per output, backward one per input gathering from the windows that contain it (max
 * pooling from the outputs whose switch names it), so no two work-items write one value and the
 * sums run in the reference's order.
 */
final class OpenClPooling implements PoolingKernels {
  private static final String SOURCE = "pool.cl";

  private final OpenClBackend backend;

  OpenClPooling(OpenClBackend backend) {
    this.backend = backend;
  }

  @Override
  public void forward(PoolGeometry g, Volume x, Volume y, Volume switches) {
    OpenClVolume in = shaped(x, g.inputShape(), "pool x");
    OpenClVolume out = shaped(y, g.outputShape(), "pool y");
    int outputs = out.size();
    switch (g.kind()) {
      case MAX -> {
        // Without switches the kernel records none; y stands in for the buffer it never writes.
        OpenClVolume sw = switches == null ? null : shaped(switches, g.outputShape(), "pool switches");
        kernel(g, "pool_max_forward").call().arg(in.mem()).arg(out.mem()).arg(sw == null ? out.mem() : sw.mem())
            .arg(sw == null ? 0 : 1).arg(outputs).launch(outputs);
      }
      case AVERAGE -> kernel(g, "pool_average_forward").call().arg(in.mem()).arg(out.mem()).arg(outputs)
          .launch(outputs);
      case L2 -> kernel(g, "pool_l2_forward").call().arg(in.mem()).arg(out.mem()).arg(outputs).launch(outputs);
    }
  }

  @Override
  public void backward(PoolGeometry g, Volume x, Volume y, Volume dy, Volume switches, Volume dx) {
    OpenClVolume grad = shaped(dy, g.outputShape(), "pool dy");
    OpenClVolume out = shaped(dx, g.inputShape(), "pool dx");
    int inputs = out.size();
    switch (g.kind()) {
      case MAX -> {
        if (switches == null) {
          throw new ConvoyException("max-pool backward needs the switches recorded by the pooling forward; pass a"
              + " switches volume (shape of y) to forward and the same one here");
        }
        OpenClVolume sw = shaped(switches, g.outputShape(), "pool switches");
        kernel(g, "pool_max_backward").call().arg(grad.mem()).arg(sw.mem()).arg(out.mem()).arg(inputs)
            .launch(inputs);
      }
      case AVERAGE -> kernel(g, "pool_average_backward").call().arg(grad.mem()).arg(out.mem()).arg(inputs)
          .launch(inputs);
      case L2 -> {
        // Only L2 reads the forward's input and output; the others may be given null there.
        OpenClVolume in = shaped(x, g.inputShape(), "pool x");
        OpenClVolume norms = shaped(y, g.outputShape(), "pool y");
        kernel(g, "pool_l2_backward").call().arg(in.mem()).arg(norms.mem()).arg(grad.mem()).arg(out.mem())
            .arg(inputs).launch(inputs);
      }
    }
  }

  private ClKernel kernel(PoolGeometry g, String name) {
    return backend.programs().kernel(SOURCE, options(g), name);
  }

  /** The geometry as {@code pool.cl} reads it, without the kind (a kernel each) or the batch (the launch size). */
  private static String options(PoolGeometry g) {
    return "-DIN_H=" + g.h() + " -DIN_W=" + g.w() + " -DK_H=" + g.kh() + " -DK_W=" + g.kw()
        + " -DSTRIDE_H=" + g.strideH() + " -DSTRIDE_W=" + g.strideW() + " -DPAD_T=" + g.padTop()
        + " -DPAD_L=" + g.padLeft() + " -DPAD_B=" + g.padBottom() + " -DPAD_R=" + g.padRight()
        + " -DOUT_H=" + g.outH() + " -DOUT_W=" + g.outW() + " -DCOUNT_INCLUDE_PAD="
        + (g.kind() == PoolKind.AVERAGE && g.countIncludePad() ? 1 : 0);
  }

  private OpenClVolume shaped(Volume v, Shape shape, String role) {
    OpenClVolume mine = backend.own(v, role);
    if (!mine.shape().equals(shape)) {
      throw new ShapeException(role + " has shape " + mine.shape() + " but " + shape + " is needed");
    }
    return mine;
  }
}
