package dev.convoy.backends.opencl;

import java.util.List;
import org.jocl.CL;
import org.jocl.CLException;

/**
 * Whether OpenCL works here, found once per process: the loader and a driver on disk ({@link
 * LoaderProbe}), then JOCL's native library (guarded: a failed static initialiser cannot be
 * retried, so it is touched only after the files were found, and every failure is caught), then
 * the platforms and devices. The result says why not in one line, or lists the devices.
 */
final class OpenClProbe {
  /** JOCL's CL_PLATFORM_NOT_FOUND_KHR: the loader found no driver that works. */
  private static final int PLATFORM_NOT_FOUND = -1001;

  /** The devices, or (when {@code problem} is set) why OpenCL cannot run here. */
  record Result(String problem, List<OpenClDevice> devices) {
    Result {
      devices = List.copyOf(devices);
    }

    static Result unavailable(String problem) {
      return new Result(problem, List.of());
    }

    boolean available() {
      return problem == null;
    }

    List<DeviceInfo> infos() {
      return devices.stream().map(OpenClDevice::info).toList();
    }
  }

  private static Result system;

  private OpenClProbe() {}

  /** This machine's result, probed on the first call. */
  static synchronized Result system() {
    if (system == null) {
      system = run(LoaderProbe.system());
    }
    return system;
  }

  /** Probes with {@code loaders}; touches JOCL only when it found a loader and a driver. */
  static Result run(LoaderProbe loaders) {
    LoaderProbe.Result loader = loaders.check();
    if (!loader.found()) {
      return Result.unavailable(loader.problem());
    }
    if (!loader.unversioned()) {
      try {
        LoaderAlias.load(loader.loader());
      } catch (Exception | LinkageError e) {
        return Result.unavailable("the OpenCL loader " + loader.loader() + " could not be opened as "
            + LoaderProbe.UNVERSIONED + " (" + e.getMessage() + "); install ocl-icd-opencl-dev");
      }
    }
    try {
      CL.setExceptionsEnabled(true);
    } catch (RuntimeException | LinkageError e) {
      return Result.unavailable("OpenCL could not be initialised: " + firstLine(e));
    }
    try {
      List<OpenClDevice> devices = DeviceDiscovery.all();
      if (devices.isEmpty()) {
        return Result.unavailable("no OpenCL device: the platforms found have none");
      }
      return new Result(null, devices);
    } catch (CLException e) {
      return Result.unavailable(e.getStatus() == PLATFORM_NOT_FOUND
          ? "no OpenCL platform: the loader found no working driver (install one such as pocl-opencl-icd)"
          : "OpenCL failed listing its devices: " + firstLine(e));
    } catch (RuntimeException | LinkageError e) {
      return Result.unavailable("OpenCL failed listing its devices: " + firstLine(e));
    }
  }

  private static String firstLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
