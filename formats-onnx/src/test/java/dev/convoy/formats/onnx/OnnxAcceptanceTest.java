package dev.convoy.formats.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.BackendProvider;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.FusedConvolutionKernels;
import dev.convoy.runtime.InferenceRewrites;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.ProviderRegistry;
import dev.convoy.runtime.RewrittenModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The acceptance: torchvision ConvNets exported by PyTorch's torch.onnx.export run in Convoy
 * on every backend with outputs equal to PyTorch's within 1e-4 of the output's largest magnitude;
 * and after the inference rewrites ({@link InferenceRewrites}) equal to Convoy's own unfused output
 * within 1e-5.
 *
 * <p>The backends are those {@link java.util.ServiceLoader} finds (reference, simd and opencl in
 * this module's tests; opencl only on {@link #OPENCL_BY_DEFAULT} unless named), or the names in
 * {@code -Dconvoy.onnx.backends=a,b}. A named backend that is not available here fails, saying
 * why; of those found, only opencl may be unavailable (no OpenCL device installed), and its cases
 * are then skipped with the reason. Cases run model by model, so each model is imported, and its
 * input and PyTorch output read, once for all backends; each case opens its own backend and closes
 * it, so no backend's scratch memory outlives its model. The models are made by
 * {@code src/test/python/export_models.py} into {@code ~/.cache/convoy-onnx} (or
 * {@code -Dconvoy.onnx.models=DIR}) when /usr/bin/python3 has torch; otherwise the test is skipped.
 */
class OnnxAcceptanceTest {
  private static final List<String> MODELS =
      List.of("resnet18", "alexnet", "vgg11", "googlenet", "squeezenet1_0", "mobilenet_v2", "densenet121",
          "mnasnet1_0", "efficientnet_b0", "regnet_y_400mf", "mobilenet_v3_small");
  private static final double TOLERANCE = 1e-4;
  /**
   * The models opencl runs unless named: on a CPU device each new convolution shape builds a
   * program (all six models cost ~5 minutes with an empty program cache on PoCL, 41 s cached), so
   * by default the two that reach the most kernels (residual adds; depthwise convolutions and Clip).
   */
  private static final List<String> OPENCL_BY_DEFAULT = List.of("resnet18", "mobilenet_v2");
  /** The inference rewrites only reorder float rounding. */
  private static final double REWRITE_TOLERANCE = 1e-5;
  private static final Path SCRIPT = Path.of("src/test/python/export_models.py").toAbsolutePath();
  private static final Path DIR = Path.of(System.getProperty("convoy.onnx.models",
      System.getProperty("user.home") + "/.cache/convoy-onnx"));
  private static final ProviderRegistry REGISTRY = ProviderRegistry.load();
  /** The model of the cases now running; the next model replaces it, so only one is held at a time. */
  private static Loaded current;

  private record Loaded(String name, OnnxModel model, Npy.Array input, Npy.Array expected) {}

  /** Every (model, backend) pair, model-major, so that a model's cases run together. */
  static Stream<Arguments> cases() {
    List<String> backends = backendNames();
    boolean named = !System.getProperty("convoy.onnx.backends", "").isBlank();
    return MODELS.stream().flatMap(model -> backends.stream()
        .filter(backend -> named || !backend.equals("opencl") || OPENCL_BY_DEFAULT.contains(model))
        .map(backend -> Arguments.of(model, backend)));
  }

  private static List<String> backendNames() {
    String chosen = System.getProperty("convoy.onnx.backends", "");
    if (!chosen.isBlank()) {
      return Arrays.stream(chosen.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
    return REGISTRY.backendProviders().stream().map(BackendProvider::name).toList();
  }

  @AfterAll
  static void forgetTheLastModel() {
    current = null;
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("cases")
  void torchvisionModelMatchesPyTorch(String name, String backendName) throws Exception {
    Loaded m = load(name);
    float[] actual;
    long start = System.nanoTime();
    try (Backend backend = open(backendName);
        Model model = m.model().toModel(backend);
        Volume x = backend.upload(m.input().shape(), m.input().values())) {
      try (Volume y = model.predict(x)) {
        assertArrayEquals(m.expected().shape().dims(), y.shape().dims(), name + " output shape");
        actual = y.toArray();
      }
      assertRewritesKeepTheOutput(name, model, x, actual);
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    float[] expected = m.expected().values();
    double maxMagnitude = 0;
    double maxError = 0;
    for (int i = 0; i < actual.length; i++) {
      maxMagnitude = Math.max(maxMagnitude, Math.abs(expected[i]));
      maxError = Math.max(maxError, Math.abs(actual[i] - expected[i]));
    }
    double relative = maxError / maxMagnitude;
    System.out.printf("%s on %s: max |convoy - pytorch| / max |pytorch| = %.3g (max |pytorch| = %.4g), %d ms%n",
        name, backendName, relative, maxMagnitude, millis);
    assertTrue(maxMagnitude > 0, name + " output is all zeros; the comparison would prove nothing");
    assertTrue(relative <= TOLERANCE, name + " on " + backendName + ": relative error " + relative + " exceeds "
        + TOLERANCE);
  }

  /**
   * The inference rewrites (BatchNorm folding; Conv fusion where the backend has its own fused
   * kernels) give the same output as the imported network within {@link #REWRITE_TOLERANCE} of its
   * largest magnitude, and do fuse where they can: every model here has a Conv followed by a ReLU or Clip.
   */
  private static void assertRewritesKeepTheOutput(String name, Model model, Volume x, float[] unfused) {
    Backend backend = model.backend();
    RewrittenModel rewritten = InferenceRewrites.rewrite(model, REGISTRY);
    float[] fused;
    try (Model inference = rewritten.model(); Volume y = inference.predict(x)) {
      fused = y.toArray();
    }
    double maxMagnitude = 0;
    double maxError = 0;
    for (int i = 0; i < unfused.length; i++) {
      maxMagnitude = Math.max(maxMagnitude, Math.abs(unfused[i]));
      maxError = Math.max(maxError, Math.abs(fused[i] - unfused[i]));
    }
    double relative = maxError / maxMagnitude;
    System.out.printf("%s on %s rewritten (%s): max |fused - unfused| / max |unfused| = %.3g%n", name,
        backend.name(), rewritten.report(), relative);
    assertTrue(relative <= REWRITE_TOLERANCE, name + " on " + backend.name() + ": the rewritten model differs by "
        + relative + " (" + rewritten.report() + ")");
    if (backend.nativeFamily(FusedConvolutionKernels.class).isPresent()) {
      assertTrue(rewritten.report().convsFused() > 0, name + " on " + backend.name() + ": nothing fused");
    }
  }

  private static synchronized Loaded load(String name) throws IOException, InterruptedException {
    if (current == null || !current.name().equals(name)) {
      current = null;
      // The importer refuses a file that would not fit in the free heap; let the last model's weights go first.
      System.gc();
      Path onnx = exported(name);
      current = new Loaded(name, OnnxImporter.read(onnx, REGISTRY), Npy.read(DIR.resolve(name + ".input.npy")),
          Npy.read(DIR.resolve(name + ".output.npy")));
    }
    return current;
  }

  private static Backend open(String name) {
    BackendProvider provider = REGISTRY.backendProviders().stream().filter(p -> p.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no backend '" + name + "' on the module path; found "
            + REGISTRY.backendProviders().stream().map(BackendProvider::name).toList()));
    BackendProvider.Availability availability = provider.availability();
    boolean named = !System.getProperty("convoy.onnx.backends", "").isBlank();
    assumeTrue(availability.available() || named || !name.equals("opencl"),
        () -> "opencl is not available here: " + availability.reason());
    assertTrue(availability.available(), "backend " + name + " is on the module path but not available: "
        + availability.reason() + " (for simd, run the JVM with --add-modules jdk.incubator.vector; or choose"
        + " backends with -Dconvoy.onnx.backends=reference)");
    return provider.create();
  }

  /** The cached model, exported now if missing; skips when PyTorch is not installed. */
  private static Path exported(String name) throws IOException, InterruptedException {
    Path onnx = DIR.resolve(name + ".onnx");
    if (Files.exists(onnx)) {
      return onnx;
    }
    Path python = Path.of("/usr/bin/python3");
    assumeTrue(Files.isExecutable(python), "no /usr/bin/python3 to export " + name + " with PyTorch");
    Process probe = new ProcessBuilder(python.toString(), "-c", "import torch, torchvision")
        .redirectErrorStream(true).start();
    probe.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    assumeTrue(probe.waitFor() == 0, "/usr/bin/python3 has no torch/torchvision: install python3-torch and"
        + " python3-torchvision to run the ONNX acceptance test");
    Files.createDirectories(DIR);
    Process export = new ProcessBuilder(python.toString(), SCRIPT.toString(), DIR.toString(), name)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
    assertTrue(export.waitFor(10, TimeUnit.MINUTES), "exporting " + name + " took over 10 minutes");
    assertTrue(export.exitValue() == 0 && Files.exists(onnx), "exporting " + name + " failed (see output above)");
    return onnx;
  }
}
