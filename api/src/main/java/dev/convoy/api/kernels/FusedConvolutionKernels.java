package dev.convoy.api.kernels;

import dev.convoy.api.ConvGeometry;
import dev.convoy.api.KernelFamily;
import dev.convoy.api.Volume;

/**
 * Inference-only CONV with what follows it fused in: {@code y = act(conv(x, w) + bias + residual)}.
 * The runtime's inference rewrites use it only where the backend implements it natively (a host
 * fallback would gain nothing). No backward.
 *
 * <p>{@code w} and {@code bias} are an inference model's constants: while their volumes are open
 * their values do not change between calls, so a backend may prepare them once (pack the filters
 * for its kernels) and reuse that on every later call with the same volumes. A caller that must
 * change them closes the volumes and passes new ones.
 */
public interface FusedConvolutionKernels extends KernelFamily {

  /**
   * {@code y = activation(conv(x, w) + bias + residual)}: {@code bias} ({@code [k]}), {@code
   * residual} (the output's shape) and {@code activation} may each be null. Overwrites {@code y},
   * which is never {@code residual}. Rounds as the unfused kernels do, in the order written.
   */
  void forward(Volume x, Volume w, Volume bias, Volume residual, Activation activation, Volume y, ConvGeometry g);
}
