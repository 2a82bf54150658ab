package dev.convoy.app.model;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvoyException;
import dev.convoy.formats.onnx.OnnxImporter;
import dev.convoy.formats.onnx.OnnxModel;
import dev.convoy.formats.proto.ConvoyCheckpoint;
import dev.convoy.formats.proto.LoadedCheckpoint;
import dev.convoy.formats.proto.TensorData;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.NetworkBuilder;
import dev.convoy.runtime.NetworkInput;
import dev.convoy.runtime.Node;
import dev.convoy.runtime.ProviderRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A model stored in a file, whichever format: a Convoy checkpoint ({@code .convoy}) or an ONNX model
 * ({@code .onnx}), so that every command that takes MODEL reads both the same way. The network is
 * rebuilt for the batch size a command needs.
 */
public final class ModelFile {
  /** The formats, by file extension. */
  public enum Format {
    CONVOY(".convoy"), ONNX(".onnx");

    private final String extension;

    Format(String extension) {
      this.extension = extension;
    }

    public String extension() {
      return extension;
    }

    /** The format {@code name} ends with, if any (case-insensitive). */
    public static Optional<Format> of(String name) {
      String lower = name.toLowerCase(Locale.ROOT);
      for (Format f : values()) {
        if (lower.endsWith(f.extension)) {
          return Optional.of(f);
        }
      }
      return Optional.empty();
    }

    /** ".convoy, .onnx", for messages. */
    public static String extensions() {
      return String.join(", ", java.util.Arrays.stream(values()).map(Format::extension).toList());
    }
  }

  private final Path path;
  private final ProviderRegistry registry;
  private final LoadedCheckpoint checkpoint;
  private OnnxModel onnx;

  private ModelFile(Path path, ProviderRegistry registry, LoadedCheckpoint checkpoint, OnnxModel onnx) {
    this.path = path;
    this.registry = registry;
    this.checkpoint = checkpoint;
    this.onnx = onnx;
  }

  /** Whether {@code model} names a model file (rather than a zoo model) by its extension. */
  public static boolean isFile(String model) {
    return Format.of(model).isPresent();
  }

  /** Reads {@code file} with {@code registry}'s layers (plugins included). */
  public static ModelFile read(Path file, ProviderRegistry registry) {
    Format format = Format.of(file.toString()).orElseThrow(() -> new ConvoyException(file
        + " is not a model file; give a " + Format.extensions() + " file"));
    if (!Files.isRegularFile(file)) {
      throw new ConvoyException("no model file " + file);
    }
    return format == Format.CONVOY
        ? new ModelFile(file, registry, ConvoyCheckpoint.read(file, registry), null)
        : new ModelFile(file, registry, null, OnnxImporter.read(file, registry));
  }

  public Path path() {
    return path;
  }

  public Format format() {
    return checkpoint != null ? Format.CONVOY : Format.ONNX;
  }

  /** The checkpoint, for a {@code .convoy} file. */
  public Optional<LoadedCheckpoint> checkpoint() {
    return Optional.ofNullable(checkpoint);
  }

  /** The network as stored (a checkpoint may hold a loss node), rebuilt for {@code batch}. */
  public Network network(int batch) {
    return checkpoint != null ? checkpoint.network(batch) : onnx(batch).network();
  }

  /** The network for {@code batch} without what its outputs do not need (a loss and its labels). */
  public Network inferenceNetwork(int batch) {
    return inference(network(batch), registry);
  }

  /** A model of the network for {@code batch} holding the stored weights. */
  public Model toModel(Backend backend, int batch) {
    return checkpoint != null ? checkpoint.toModel(backend, batch) : onnx(batch).toModel(backend);
  }

  /** The stored metadata: a checkpoint's, or an ONNX file's {@code metadata_props}. */
  public Map<String, String> metadata() {
    return checkpoint != null ? checkpoint.metadata() : onnx.metadata();
  }

  /** The stored weights by qualified name ({@code conv1.weight}). */
  public Map<String, float[]> parameters() {
    if (checkpoint == null) {
      return onnx.parameters();
    }
    Map<String, float[]> values = new LinkedHashMap<>();
    for (Map.Entry<String, TensorData> e : checkpoint.parameters().entrySet()) {
      values.put(e.getKey(), e.getValue().values());
    }
    return values;
  }

  /** The ONNX import for {@code batch}; ONNX networks are rebuilt by importing again. */
  private OnnxModel onnx(int batch) {
    if (batch < 1) {
      throw new ConvoyException("the batch size must be at least 1, not " + batch);
    }
    if (onnx.network().inputs().getFirst().shape().n() != batch) {
      onnx = OnnxImporter.read(path, registry, batch);
    }
    return onnx;
  }

  /** {@code network} without the nodes and inputs its outputs do not need. */
  public static Network inference(Network network, ProviderRegistry registry) {
    Set<String> needed = network.ancestors(network.outputs());
    if (needed.size() == network.inputs().size() + network.nodes().size()) {
      return network;
    }
    NetworkBuilder builder = Network.builder(registry);
    List<NetworkInput> inputs = network.inputs().stream().filter(in -> needed.contains(in.name())).toList();
    inputs.forEach(in -> builder.input(in.name(), in.shape()));
    for (Node node : network.nodes()) {
      if (needed.contains(node.name())) {
        builder.node(node.name(), node.spec(), node.inputs().toArray(String[]::new));
      }
    }
    return builder.output(network.outputs().toArray(String[]::new)).build();
  }
}
