package dev.convoy.app;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.app.model.ModelFile;
import dev.convoy.formats.onnx.Npy;
import dev.convoy.runtime.BackendChoice;
import dev.convoy.runtime.InferenceRewrites;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.NetworkInput;
import dev.convoy.runtime.ProviderRegistry;
import dev.convoy.zoo.Zoo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code convoy run MODEL --input x.npy --output y.npy}: inference on a float32 NCHW tensor saved by
 * NumPy, the result saved the same way, so Convoy's numbers can be compared with any other tool's.
 */
@Command(name = "run", description = {"Runs a model on a float32 NCHW tensor in NumPy .npy format "
    + "(np.save(\"x.npy\", x.astype(np.float32))) and writes its output as .npy.",
    "The batch size is the input's first dimension. A zoo model runs untrained, initialised from --seed."})
final class RunCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Mixin
  private BackendOption backend;

  @Mixin
  private PluginsOption plugins;

  @Parameters(index = "0", paramLabel = "MODEL", description = "A .convoy or .onnx file, or a zoo model (lenet, ...).")
  private String model;

  @Option(names = "--input", required = true, paramLabel = "X.npy", description = "The input tensor, [N, C, H, W].")
  private Path input;

  @Option(names = "--output", required = true, paramLabel = "Y.npy", description = "Where to write the output.")
  private Path output;

  @Option(names = "--seed", defaultValue = "1",
      description = "Initialises a zoo model's weights (default: ${DEFAULT-VALUE}); files keep theirs.")
  private long seed;

  private final CliEnvironment environment;

  RunCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    if (!input.toString().endsWith(".npy") || !output.toString().endsWith(".npy")) {
      throw new ConvoyException("--input and --output must be NumPy .npy files, got " + input + " and " + output);
    }
    if (!Files.isRegularFile(input)) {
      throw new ConvoyException("no input file " + input);
    }
    OutputPath.requireWritable("--output", output);
    Npy.Array x = Npy.read(input);
    if (x.shape().rank() < 2 || x.shape().dim(0) < 1) {
      throw new ConvoyException(input + " has shape " + x.shape() + "; convoy run takes a batch [N, C, H, W]"
          + " (or [N, D]) with N at least 1");
    }
    new NonFiniteWarning(spec.commandLine().getErr(), input.toString()).check(x.values(), x.values().length);
    int batch = x.shape().dim(0);
    ProviderRegistry registry = plugins.registry(environment);
    ModelFile file = ModelFile.isFile(model) ? ModelFile.read(Path.of(model), registry) : null;
    Network network = file != null ? file.inferenceNetwork(batch) : Zoo.get(model).build(registry, batch);
    NetworkInput wanted = singleInput(network);
    if (!x.shape().equals(wanted.shape())) {
      throw new ConvoyException(input + " has shape " + x.shape() + " but " + model + " takes "
          + describe(wanted.shape()) + " (float32, NCHW); save an array of that shape");
    }
    if (network.outputs().size() != 1) {
      throw new ConvoyException(model + " has " + network.outputs().size() + " outputs " + network.outputs()
          + "; convoy run writes models with one output");
    }
    BackendChoice choice = environment.selector(registry).select(backend.name());
    try (Backend compute = choice.open();
        Model built = file != null ? file.toModel(compute, batch) : Model.create(network, compute, seed);
        Model subject = InferenceRewrites.apply(built, registry);
        Volume in = compute.upload(x.shape(), x.values());
        Volume y = subject.infer(Map.of(wanted.name(), in)).get(network.outputs().getFirst())) {
      writeAtomically(output, y.shape(), y.toArray());
      var out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "wrote %s: %s output %s of %s on %s, backend %s%n", output.toAbsolutePath(), network.outputs().getFirst(),
          y.shape(), model, input, compute.name());
      out.flush();
    }
    return 0;
  }

  private NetworkInput singleInput(Network network) {
    if (network.inputs().size() != 1) {
      throw new ConvoyException(model + " reads " + network.inputs().size() + " inputs " + network.inputs()
          + "; convoy run feeds models with one input");
    }
    return network.inputs().getFirst();
  }

  /** {@code [N, 1, 28, 28]} with the batch shown as N, since any batch size works. */
  private static String describe(Shape shape) {
    StringBuilder sb = new StringBuilder("[N");
    for (int i = 1; i < shape.rank(); i++) {
      sb.append(", ").append(shape.dim(i));
    }
    return sb.append(']').toString();
  }

  /** Writes beside the target and renames over it, so a failed run never leaves half an output. */
  private static void writeAtomically(Path target, Shape shape, float[] values) {
    Path absolute = target.toAbsolutePath();
    Path temp = absolute.resolveSibling("." + absolute.getFileName() + "."
        + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    try {
      Npy.write(temp, shape, values);
      Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new ConvoyException("cannot write " + target + ": " + e.getMessage() + " (" + e.getClass().getSimpleName()
          + ")", e);
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        // The output is complete or untouched either way.
      }
    }
  }
}
