package dev.convoy.api.kernels;

import dev.convoy.api.ConvGeometry;
import dev.convoy.api.KernelFamily;
import dev.convoy.api.Volume;

/**
 * CONV: {@code x [n, c, h, w]}, filters {@code w [k, c/groups, kh, kw]}, bias {@code [k]}, output
 * {@code [n, k, outH, outW]}, as {@link ConvGeometry} describes. A backend may compute it any way it
 * likes (im2col + GEMM as in the notes, direct, Winograd, blocked layouts).
 */
public interface ConvolutionKernels extends KernelFamily {

  /** {@code y = conv(x, w) + bias} for the whole batch; {@code bias} may be null. Overwrites {@code y}. */
  void forward(Volume x, Volume w, Volume bias, Volume y, ConvGeometry g);

  /** The gradient with respect to the input from {@code dy}. Overwrites {@code dx}. */
  void backwardData(Volume dy, Volume w, Volume dx, ConvGeometry g);

  /** Accumulates the gradient with respect to the filters into {@code dw}. */
  void accumulateFilterGradient(Volume x, Volume dy, Volume dw, ConvGeometry g);
}
