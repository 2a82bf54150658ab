package dev.convoy.formats.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.convoy.api.Backend;
import dev.convoy.api.Volume;
import dev.convoy.runtime.BackendSelector;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.ProviderRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The acceptance: torchvision ConvNets exported by PyTorch's torch.onnx.export run in Convoy
 * on the reference backend with outputs equal to PyTorch's within 1e-4 of the output's largest magnitude.
 * The models are made by {@code src/test/python/export_models.py} into {@code ~/.cache/convoy-onnx}
 * (or {@code -Dconvoy.onnx.models=DIR}) when /usr/bin/python3 has torch; otherwise the test is skipped.
 */
class OnnxAcceptanceTest {
  private static final Path SCRIPT = Path.of("src/test/python/export_models.py").toAbsolutePath();
  private static final Path DIR = Path.of(System.getProperty("convoy.onnx.models",
      System.getProperty("user.home") + "/.cache/convoy-onnx"));
  private static final ProviderRegistry REGISTRY = ProviderRegistry.load();
  private static Backend backend;

  @BeforeAll
  static void openBackend() {
    backend = new BackendSelector(REGISTRY).select("reference").open();
  }

  @ParameterizedTest
  @ValueSource(strings = {"resnet18", "alexnet", "vgg11", "googlenet", "squeezenet1_0", "mobilenet_v2"})
  void torchvisionModelMatchesPyTorch(String name) throws Exception {
    Path onnx = exported(name);
    Npy.Array input = Npy.read(DIR.resolve(name + ".input.npy"));
    Npy.Array expected = Npy.read(DIR.resolve(name + ".output.npy"));
    OnnxModel imported = OnnxImporter.read(onnx, REGISTRY);
    float[] actual;
    try (Model model = imported.toModel(backend);
        Volume x = backend.upload(input.shape(), input.values());
        Volume y = model.predict(x)) {
      assertArrayEquals(expected.shape().dims(), y.shape().dims(), name + " output shape");
      actual = y.toArray();
    }
    double maxMagnitude = 0;
    double maxError = 0;
    for (int i = 0; i < actual.length; i++) {
      maxMagnitude = Math.max(maxMagnitude, Math.abs(expected.values()[i]));
      maxError = Math.max(maxError, Math.abs(actual[i] - expected.values()[i]));
    }
    double relative = maxError / maxMagnitude;
    System.out.printf("%s: max |convoy - pytorch| / max |pytorch| = %.3g (max |pytorch| = %.4g)%n", name, relative,
        maxMagnitude);
    assertTrue(maxMagnitude > 0, name + " output is all zeros; the comparison would prove nothing");
    assertTrue(relative <= 1e-4, name + ": relative error " + relative + " exceeds 1e-4");
  }

  /** The cached model, exported now if missing; skips when PyTorch is not installed. */
  private static synchronized Path exported(String name) throws IOException, InterruptedException {
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
