package dev.convoy.api.kernels;

import dev.convoy.api.KernelFamily;
import dev.convoy.api.PoolGeometry;
import dev.convoy.api.PoolKind;
import dev.convoy.api.Volume;

/** POOL: max (with switches), average and L2 over windows, as {@link PoolGeometry} describes. */
public interface PoolingKernels extends KernelFamily {

  /**
   * Pools {@code x} into {@code y}. For {@link PoolKind#MAX}, {@code switches} (same shape as
   * {@code y}) receives the index {@code ih * w + iw} of each window's winner within its input
   * plane, for {@link #backward}; it may be null when no backward pass will follow.
   */
  void forward(PoolGeometry g, Volume x, Volume y, Volume switches);

  /**
   * The input gradient. Max routes {@code dy} to the recorded switches; average spreads it evenly;
   * L2 uses {@code dy * x / y}. Overwrites {@code dx}.
   */
  void backward(PoolGeometry g, Volume x, Volume y, Volume dy, Volume switches, Volume dx);
}
