package dev.convoy.api.kernels;

import dev.convoy.api.KernelFamily;
import dev.convoy.api.Volume;

/** Moving values between layouts: channel concatenation and axis permutation. */
public interface LayoutKernels extends KernelFamily {

  /**
   * Copies channels {@code [srcChannel, srcChannel + channels)} of {@code src} into channels
   * {@code [dstChannel, dstChannel + channels)} of {@code dst} for every item and position (both
   * seen as {@code [N, C, inner]} with the same N and inner): concatenation and its backward.
   * Overwrites those channels of {@code dst} only.
   */
  void copyChannels(Volume src, int srcChannel, Volume dst, int dstChannel, int channels);

  /**
   * {@code y} = {@code x} with its axes permuted: axis {@code i} of {@code y} is axis {@code
   * perm[i]} of {@code x} (numpy's and ONNX's {@code transpose}). Overwrites {@code y}.
   */
  void transpose(Volume x, int[] perm, Volume y);
}
