package dev.convoy.app;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Shape;
import dev.convoy.app.summary.InputSize;
import dev.convoy.app.summary.LayerText;
import dev.convoy.formats.proto.ConvoyCheckpoint;
import dev.convoy.formats.proto.LoadedCheckpoint;
import dev.convoy.formats.proto.TrainingState;
import dev.convoy.runtime.FullyConvolutional;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.Node;
import dev.convoy.runtime.ProviderRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code convoy convert IN OUT}: between formats by extension ({@code .onnx <-> .convoy}); with
 * {@code --fully-convolutional}, the notes' FC -> CONV conversion of a trained model, so that it
 * slides over larger images and returns a map of scores in one pass.
 */
@Command(name = "convert", description = {"Converts a model between formats by extension: .onnx -> .convoy "
    + "(keeping the ONNX metadata) and .convoy -> .onnx (opset 13, any batch size).",
    "With --fully-convolutional: turns every FC layer of a trained .convoy model into the equivalent CONV (the notes' "
    + "FC -> CONV conversion), keeping the trained values, so the model runs on larger images and returns a map of "
    + "class scores."})
final class ConvertCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Mixin
  private BackendOption backend;

  @Mixin
  private PluginsOption plugins;

  @Parameters(index = "0", paramLabel = "IN", description = "A .convoy or .onnx model.")
  private Path in;

  @Parameters(index = "1", paramLabel = "OUT", description = "The .convoy or .onnx file to write.")
  private Path out;

  @Option(names = "--fully-convolutional", description = "Turn FC layers into CONV layers.")
  private boolean fullyConvolutional;

  @Option(names = "--input", paramLabel = "WxHxD",
      description = "The image size the converted model takes, e.g. 384x384x3 (default: the model's own).")
  private String input;

  private final CliEnvironment environment;

  ConvertCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    if (!fullyConvolutional) {
      if (input != null) {
        throw new ConvoyException("--input goes with --fully-convolutional; a format conversion keeps the model's size");
      }
      ProviderRegistry registry = plugins.registry(environment);
      new FormatConversion(in, out, spec.commandLine().getOut())
          .run(registry, () -> environment.selector(registry).select(backend.name()));
      return 0;
    }
    requireConvoyFile(in, "IN");
    requireConvoyFile(out, "OUT");
    if (!Files.isRegularFile(in)) {
      throw new ConvoyException("no model file " + in);
    }
    InputSize size = input == null ? null : InputSize.parse(input);
    ProviderRegistry registry = plugins.registry(environment);
    LoadedCheckpoint saved = ConvoyCheckpoint.read(in, registry);
    try (Backend compute = environment.selector(registry).select(backend.name()).open();
        Model trained = saved.toModel(compute, 1)) {
      Shape original = trained.network().inputs().getFirst().shape();
      Shape wanted = size == null ? null : size.toShape(1, original.rank() == 4 ? original.c() : 1);
      try (Model converted = FullyConvolutional.convert(trained, registry, wanted)) {
        Map<String, String> metadata = new LinkedHashMap<>(saved.metadata());
        metadata.put("fully_convolutional_from", in.getFileName().toString());
        ConvoyCheckpoint.write(out, converted, metadata, saved.trainingState().orElse(TrainingState.start(0)));
        report(spec.commandLine().getOut(), trained.network(), converted.network());
      }
    }
    return 0;
  }

  private static void requireConvoyFile(Path file, String role) {
    if (!file.toString().endsWith(".convoy")) {
      throw new ConvoyException(role + " " + file + " is not a .convoy file; --fully-convolutional reads and writes"
          + " .convoy models (convert to or from .onnx in a separate convoy convert IN OUT)");
    }
  }

  /** Which layers changed, and what the score map means: the original net applied every S pixels. */
  private void report(PrintWriter printer, Network before, Network after) {
    List<String> changed = after.nodes().stream().filter(n -> wasFc(before, n))
        .map(n -> n.name() + " -> " + LayerText.label(n)).toList();
    printer.printf(Locale.ROOT, "wrote %s: %s with its FC layers as CONV layers (%s)%n", out, in,
        String.join(", ", changed));
    Shape from = before.inputs().getFirst().shape();
    Shape to = after.inputs().getFirst().shape();
    Shape map = after.shape(after.outputs().getFirst());
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "a %s input gives a %s score map",
        to.toNotesString(), map.toNotesString()));
    if (map.rank() == 4 && map.w() > 1 && (to.w() - from.w()) % (map.w() - 1) == 0) {
      line.append(String.format(Locale.ROOT, ": the %dx%d net applied every %d pixels (%d positions)",
          from.w(), from.h(), (to.w() - from.w()) / (map.w() - 1), map.w() * map.h()));
    }
    printer.println(line);
    printer.flush();
  }

  private static boolean wasFc(Network before, Node node) {
    return before.node(node.name()).spec().type().equals("FC");
  }
}
