package dev.convoy.api.kernels;

import dev.convoy.api.ConvGeometry;
import dev.convoy.api.KernelFamily;
import dev.convoy.api.Volume;

/**
 * A convolution without parameter sharing: every output position {@code p = oh*outW + ow} has its
 * own filters, {@code w} of shape {@code [outH*outW, K, C*kh*kw]} (taps in im2col row order);
 * {@code g} has one group. No bias.
 */
public interface LocallyConnectedKernels extends KernelFamily {

  /** Overwrites {@code y}. */
  void forward(Volume x, Volume w, Volume y, ConvGeometry g);

  /** The input gradient. Overwrites {@code dx}. */
  void backwardData(Volume dy, Volume w, Volume dx, ConvGeometry g);

  /** Accumulates the weight gradient into {@code dw}. */
  void accumulateWeightGradient(Volume x, Volume dy, Volume dw, ConvGeometry g);
}
