package dev.convoy.formats.onnx;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.Parameter;
import dev.convoy.formats.onnx.gen.ModelProto;
import dev.convoy.formats.onnx.gen.OperatorSetIdProto;
import dev.convoy.formats.onnx.gen.StringStringEntryProto;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.Network;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a Convoy network and its weights as an ONNX model (opset {@value #OPSET}) that ONNX
 * Runtime and other tools run with the same outputs.
 *
 * <pre>{@code
 * OnnxExporter.write(Path.of("lenet.onnx"), model, Map.of("class_names", "..."));
 * }</pre>
 *
 * <p>Every layer type with a direct ONNX operator is exported (see {@link #SUPPORTED_TYPES}):
 * FC becomes {@code Gemm} with {@code transB=1} (after a {@code Flatten} when its input is a
 * volume), BatchNorm an inference {@code BatchNormalization} on the running statistics, Relu6 a
 * {@code Clip}, L2Pool an {@code LpPool} with {@code p=2}, Reshape a {@code Reshape} whose target
 * starts with 0 (the batch), and Dropout disappears. Nodes the outputs do not need, such as a
 * training loss and its {@code labels} input, are left out. The batch dimension of inputs and
 * outputs is symbolic ({@code N}), so the file runs at any batch size. A network with other layer
 * types (LocallyConnected, which ONNX has no operator for, or a plugin's) is refused with a
 * {@link ConvoyException} listing every one of them, with the reason where Convoy knows it. The
 * file is replaced atomically.
 */
public final class OnnxExporter {
  /** The opset the exported graph declares. */
  public static final int OPSET = 13;
  /** Convoy layer types that export. */
  public static final java.util.Set<String> SUPPORTED_TYPES = GraphExport.TYPES;

  /** IR version 7 is the first to allow opset 13; tools from 2020 on read it. */
  private static final int IR_VERSION = 7;
  /** protobuf's limit for one message; weights above it would need ONNX's external data files. */
  private static final long MAX_BYTES = Integer.MAX_VALUE;

  private OnnxExporter() {}

  /** Writes {@code network} with the values of {@code parameters} (by qualified name, {@code conv1.weight}). */
  public static void write(Path file, Network network, Map<String, float[]> parameters) {
    write(file, network, parameters, Map.of());
  }

  /** As {@link #write(Path, Network, Map)}, with {@code metadata} as the file's {@code metadata_props}. */
  public static void write(Path file, Network network, Map<String, float[]> parameters, Map<String, String> metadata) {
    Objects.requireNonNull(file, "file");
    ModelProto model = toProto(network, parameters, metadata, name(file));
    AtomicWrite.replace(file, model::writeTo);
  }

  /** Writes {@code model}'s network with its current parameter values. */
  public static void write(Path file, Model model, Map<String, String> metadata) {
    Map<String, float[]> values = new LinkedHashMap<>();
    for (Parameter p : model.parameters()) {
      values.put(p.name(), p.value().toArray());
    }
    write(file, model.network(), values, metadata);
  }

  static ModelProto toProto(Network network, Map<String, float[]> parameters, Map<String, String> metadata,
      String graphName) {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(metadata, "metadata");
    long bytes = 4 * parameters.values().stream().mapToLong(v -> v.length).sum();
    if (bytes > MAX_BYTES) {
      throw new ConvoyException("the network holds " + bytes / (1 << 20) + " MiB of weights; ONNX files with the"
          + " weights inside are limited to 2 GB (external data is not supported)");
    }
    ModelProto.Builder model = ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("convoy")
        .setProducerVersion(version())
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setGraph(new GraphExport(network, parameters).run(graphName));
    metadata.forEach((k, v) -> model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    return model.build();
  }

  private static String name(Path file) {
    Path name = file.getFileName();
    if (name == null) {
      throw new ConvoyException("cannot write an ONNX model to " + file + ": it names no file");
    }
    return name.toString().replaceFirst("\\.onnx$", "");
  }

  private static String version() {
    var descriptor = OnnxExporter.class.getModule().getDescriptor();
    String fromJar = OnnxExporter.class.getPackage().getImplementationVersion();
    if (descriptor != null && descriptor.rawVersion().isPresent()) {
      return descriptor.rawVersion().get();
    }
    return fromJar == null ? "" : fromJar;
  }
}
