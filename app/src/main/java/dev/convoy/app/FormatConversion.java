package dev.convoy.app;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvoyException;
import dev.convoy.app.model.ModelFile;
import dev.convoy.app.model.ModelFile.Format;
import dev.convoy.formats.onnx.OnnxExporter;
import dev.convoy.formats.proto.ConvoyCheckpoint;
import dev.convoy.formats.proto.TrainingState;
import dev.convoy.runtime.BackendChoice;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.ProviderRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code convoy convert IN OUT} between formats, chosen by the extensions: an ONNX model becomes a
 * Convoy checkpoint with the file's {@code metadata_props} as its metadata, and a checkpoint becomes
 * ONNX (opset 13) with its metadata as {@code metadata_props}, so class names travel both ways.
 */
final class FormatConversion {
  private final Path in;
  private final Path out;
  private final PrintWriter printer;

  FormatConversion(Path in, Path out, PrintWriter printer) {
    this.in = in;
    this.out = out;
    this.printer = printer;
  }

  /** Converts; {@code backend} is asked for only when weights must be put into a model to save it. */
  void run(ProviderRegistry registry, Supplier<BackendChoice> backend) {
    Format from = format(in, "IN");
    Format to = format(out, "OUT");
    if (from == to) {
      throw new ConvoyException("IN and OUT are both " + from.extension() + " files; convoy convert changes the"
          + " format (" + Format.extensions() + "), or use --fully-convolutional to convert FC layers of a .convoy"
          + " model");
    }
    ModelFile model = ModelFile.read(in, registry);
    Map<String, String> metadata = new LinkedHashMap<>(model.metadata());
    metadata.put("converted_from", String.valueOf(in.getFileName()));
    Network network;
    if (to == Format.ONNX) {
      network = model.inferenceNetwork(1);
      OnnxExporter.write(out, network, model.parameters(), metadata);
    } else {
      try (Backend compute = backend.get().open(); Model loaded = model.toModel(compute, 1)) {
        network = loaded.network();
        ConvoyCheckpoint.write(out, loaded, metadata, TrainingState.start(0));
      }
    }
    printer.printf(Locale.ROOT, "wrote %s: %s as %s (%d nodes, %,d parameters)%n", out, in,
        to == Format.ONNX ? "ONNX opset " + OnnxExporter.OPSET : "a Convoy checkpoint", network.nodes().size(),
        network.parameterCount());
    printer.flush();
  }

  private static Format format(Path file, String role) {
    return Format.of(file.toString()).orElseThrow(() -> new ConvoyException(role + " " + file
        + " has an extension convoy convert does not know; it converts between " + Format.extensions() + " files"));
  }
}
