package dev.convoy.backends.opencl;

import dev.convoy.api.KernelFamily;
import dev.convoy.api.kernels.ActivationKernels;
import dev.convoy.api.kernels.ConvolutionKernels;
import dev.convoy.api.kernels.FusedConvolutionKernels;
import dev.convoy.api.kernels.LayoutKernels;
import dev.convoy.api.kernels.LocallyConnectedKernels;
import dev.convoy.api.kernels.LossKernels;
import dev.convoy.api.kernels.NormalizationKernels;
import dev.convoy.api.kernels.OptimizerKernels;
import dev.convoy.api.kernels.PoolingKernels;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The kernel families the opencl backend implements on the device: the one place a family is
 * registered. A family is a class of its own taking the backend (its {@code programs()} build
 * the family's {@code .cl} resource), e.g. {@code Map.entry(ConvolutionKernels.class,
 * OpenClConvolution::new)}; families missing here run through the host fallback.
 */
final class OpenClFamilies {
  /** Family interface to the constructor of its device implementation. */
  private static final Map<Class<? extends KernelFamily>, Function<OpenClBackend, KernelFamily>> NATIVE = Map.ofEntries(
      Map.entry(ConvolutionKernels.class, OpenClConvolution::new),
      Map.entry(FusedConvolutionKernels.class, OpenClFusedConvolution::new),
      Map.entry(PoolingKernels.class, OpenClPooling::new),
      Map.entry(ActivationKernels.class, OpenClActivations::new),
      Map.entry(NormalizationKernels.class, OpenClNormalization::new),
      Map.entry(LossKernels.class, OpenClLosses::new),
      Map.entry(OptimizerKernels.class, OpenClOptimizer::new),
      Map.entry(LayoutKernels.class, OpenClLayout::new),
      Map.entry(LocallyConnectedKernels.class, OpenClLocallyConnected::new));

  /**
   * What every training step of the standard models calls. Until all of these run on the device,
   * each of their calls copies volumes to the host and back, and the backend is chosen only by
   * name ({@link OpenClBackendProvider#rank()}). Locally connected layers (rare) and the fused
   * convolution (an inference speed-up) are not needed for that.
   */
  static final List<Class<? extends KernelFamily>> FOR_TRAINING = List.of(ConvolutionKernels.class,
      PoolingKernels.class, ActivationKernels.class, NormalizationKernels.class, LossKernels.class,
      OptimizerKernels.class, LayoutKernels.class);

  private OpenClFamilies() {}

  /** An instance of every registered family for {@code backend}. */
  static Map<Class<? extends KernelFamily>, KernelFamily> create(OpenClBackend backend) {
    Map<Class<? extends KernelFamily>, KernelFamily> families = new HashMap<>();
    NATIVE.forEach((family, constructor) -> families.put(family, constructor.apply(backend)));
    return Map.copyOf(families);
  }

  /** Whether every family of {@link #FOR_TRAINING} runs on the device. */
  static boolean coverTraining() {
    return NATIVE.keySet().containsAll(FOR_TRAINING);
  }
}
