package dev.convoy.api.kernels;

import dev.convoy.api.KernelFamily;
import java.util.List;

/** The kernel families of this api version, in the order {@code convoy backends} lists them. */
public final class KernelFamilies {
  private KernelFamilies() {}

  /** Every family the standard layers and optimizers call. */
  public static final List<Class<? extends KernelFamily>> STANDARD = List.of(
      ConvolutionKernels.class, PoolingKernels.class, ActivationKernels.class, NormalizationKernels.class,
      LossKernels.class, OptimizerKernels.class, LayoutKernels.class, LocallyConnectedKernels.class,
      FusedConvolutionKernels.class);

  /** The short name {@code convoy backends} shows: {@code ConvolutionKernels} is {@code convolution}. */
  public static String shortName(Class<? extends KernelFamily> family) {
    String name = family.getSimpleName().replaceFirst("Kernels$", "");
    return switch (name) {
      case "FusedConvolution" -> "fused-conv";
      case "LocallyConnected" -> "locally-connected";
      default -> name.toLowerCase(java.util.Locale.ROOT);
    };
  }
}
