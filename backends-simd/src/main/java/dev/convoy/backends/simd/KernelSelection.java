package dev.convoy.backends.simd;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Chooses the kernels once per JVM, the way Lucene's {@code VectorizationProvider} does: the Vector
 * API kernels when the {@code jdk.incubator.vector} module is in the boot layer (the JVM was started
 * with {@code --add-modules jdk.incubator.vector}) and its preferred float species is at least 128
 * bits wide; otherwise none, with the reason, and the provider reports the backend unavailable.
 * The choice and the vector width are logged once.
 */
final class KernelSelection {
  static final String MODULE = "jdk.incubator.vector";
  private static final int MIN_BITS = 128;

  /** The chosen kernels, or null with {@link #reason} saying why there are none. */
  private record Choice(Kernels kernels, String reason) {}

  private static final class Holder {
    static final Choice CHOICE = choose();
  }

  private KernelSelection() {}

  /** The Vector API kernels, or null when they cannot run here (see {@link #unavailableReason()}). */
  static Kernels vectorKernels() {
    return Holder.CHOICE.kernels();
  }

  /** Why {@link #vectorKernels()} is null, or the kernels' description when it is not. */
  static String unavailableReason() {
    return Holder.CHOICE.reason();
  }

  private static Choice choose() {
    System.Logger log = System.getLogger("dev.convoy.backends.simd");
    Choice choice = probe();
    if (choice.kernels() != null) {
      log.log(System.Logger.Level.INFO, "simd backend: " + choice.kernels().description() + ", "
          + Runtime.getRuntime().availableProcessors() + " threads");
    } else {
      log.log(System.Logger.Level.INFO, "simd backend unavailable: " + choice.reason());
    }
    return choice;
  }

  private static Choice probe() {
    if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
      return new Choice(null, "the Vector API module " + MODULE + " is not loaded; start Java with"
          + " --add-modules " + MODULE + " (the convoy launcher does)");
    }
    try {
      // Reflective, so that no class but PanamaKernels links against the incubator API.
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      Class<?> type = Class.forName(KernelSelection.class.getPackageName() + ".PanamaKernels");
      int bits = (int) lookup.findStatic(type, "preferredBits", MethodType.methodType(int.class)).invoke();
      if (bits < MIN_BITS) {
        return new Choice(null, "the preferred vector is only " + bits + " bits wide here; plain loops are as fast");
      }
      Kernels kernels = (Kernels) lookup.findConstructor(type, MethodType.methodType(void.class)).invoke();
      return new Choice(kernels, kernels.description());
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      // A JVM whose Vector API cannot be linked (module present but unreadable, or a future
      // incompatible API) means "unavailable", never a crash.
      return new Choice(null, "the Vector API could not be used: " + e);
    }
  }
}
