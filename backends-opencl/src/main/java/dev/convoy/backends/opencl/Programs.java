package dev.convoy.backends.opencl;

import static org.jocl.CL.clReleaseProgram;

import dev.convoy.api.ConvoyException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jocl.cl_program;

/**
 * The backend's compiled programs: each {@code .cl} resource of this package, built on first use
 * once per set of options (through the {@link ProgramCache}), and their kernels. What a kernel
 * family needs is one call: {@code programs.kernel("pool.cl", "-DKIND=1", "max_pool_forward")}.
 * Every build gets {@link #baseOptions}; a family adds its {@code -D} constants.
 */
final class Programs implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("dev.convoy.backends.opencl");
  /** A build from source this slow is worth a word to the user. */
  private static final long SLOW_BUILD_MILLIS = 500;

  /** A program built from one resource with one set of options, and the kernels made from it so far. */
  private record Program(cl_program handle, Map<String, ClKernel> kernels) {}

  private final DeviceSession session;
  private final ProgramCache cache;
  private final Map<String, Program> programs = new ConcurrentHashMap<>();
  private final List<ProgramCache.Built> builds = new ArrayList<>();
  /** Whether the user was told that kernels are being compiled; once per backend is enough. */
  private boolean toldOfCompiling;

  Programs(DeviceSession session, ProgramCache cache) {
    this.session = session;
    this.cache = cache;
  }

  /**
   * Options for every build. No {@code -cl-fast-relaxed-math} or {@code -cl-mad-enable}: results
   * must round as the reference backend's do (each source also turns FP_CONTRACT off); correctly
   * rounded division and square root where the device offers them.
   */
  String baseOptions() {
    return session.info().correctlyRoundedDivideSqrt() ? "-cl-fp32-correctly-rounded-divide-sqrt" : "";
  }

  /** Kernel {@code kernelName} of resource {@code resource} built with {@code options} (beyond {@link #baseOptions}). */
  ClKernel kernel(String resource, String options, String kernelName) {
    Program program = programs.computeIfAbsent(resource + "\n" + options, key -> build(resource, options));
    return program.kernels().computeIfAbsent(kernelName, name -> new ClKernel(session, program.handle(), name));
  }

  /** Every build so far, in order: where it came from and how long it took (start-up compile times). */
  synchronized List<ProgramCache.Built> builds() {
    return List.copyOf(builds);
  }

  private Program build(String resource, String options) {
    String all = (baseOptions() + " " + options).trim();
    ProgramCache.Built built = cache.build(session.context(), session.device(), resource, source(resource), all);
    LOG.log(System.Logger.Level.DEBUG, "OpenCL program {0} [{1}]: {2} in {3} ms", resource, all, built.origin(),
        built.millis());
    synchronized (this) {
      builds.add(built);
      if (built.origin() != ProgramCache.Origin.CACHED && built.millis() >= SLOW_BUILD_MILLIS && !toldOfCompiling) {
        // A large network's first run on a CPU device compiles for minutes (googlenet on PoCL: 113 s);
        // without a word it looks hung.
        toldOfCompiling = true;
        LOG.log(System.Logger.Level.WARNING, "opencl: compiling kernels for this network''s shapes on {0} ({1} ms for"
            + " the first); the first run takes longer, later runs load them from {2}", session.info().name(),
            built.millis(), cache.folder() == null ? "nowhere (no cache folder)" : cache.folder());
      }
    }
    return new Program(built.program(), new ConcurrentHashMap<>());
  }

  /** The text of a {@code .cl} resource next to this class. */
  static String source(String resource) {
    try (InputStream in = Programs.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new ConvoyException("the OpenCL source " + resource + " is missing from the backends-opencl jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConvoyException("cannot read the OpenCL source " + resource + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    for (Program program : programs.values()) {
      program.kernels().values().forEach(ClKernel::close);
      clReleaseProgram(program.handle());
    }
    programs.clear();
  }
}
