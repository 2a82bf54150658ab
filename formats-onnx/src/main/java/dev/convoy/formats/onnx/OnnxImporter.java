package dev.convoy.formats.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.convoy.api.ConvoyException;
import dev.convoy.formats.onnx.gen.ModelProto;
import dev.convoy.runtime.ProviderRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads ONNX models (opsets {@value GraphImport#MIN_OPSET} to {@value GraphImport#MAX_OPSET}) into
 * Convoy networks with their weights.
 *
 * <pre>{@code
 * OnnxModel onnx = OnnxImporter.read(Path.of("resnet18.onnx"), registry);
 * try (Model model = onnx.toModel(backend)) { Volume scores = model.predict(images); }
 * }</pre>
 *
 * <p>Node attributes are read as each node's opset defines them; nodes whose inputs are all
 * constant are evaluated at load time, so exporters' shape subgraphs disappear. Files come from
 * strangers: every problem (not ONNX, truncated, tensors whose dims do not match their data,
 * dangling inputs, cycles, unsupported operators, listed all at once) is a {@link ConvoyException}
 * naming the file and the node or tensor, raised before any large allocation.
 */
public final class OnnxImporter {
  /** protobuf's own limit for one message. */
  private static final long MAX_FILE_BYTES = Integer.MAX_VALUE;

  private OnnxImporter() {}

  /** Reads {@code file}; a symbolic batch dimension becomes 1. */
  public static OnnxModel read(Path file, ProviderRegistry registry) {
    return read(file, registry, 0);
  }

  /** Reads {@code file} with every input's first (batch) dimension set to {@code batch}; 0 keeps the file's. */
  public static OnnxModel read(Path file, ProviderRegistry registry, int batch) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(registry, "registry");
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new ConvoyException("cannot read ONNX model " + file + ": " + e.getMessage(), e);
    }
    if (size > MAX_FILE_BYTES) {
      throw new ConvoyException(file + " is " + size + " bytes; ONNX files with weights inside are limited to 2 GB");
    }
    // Parsing holds the file and its decoded weights at once; refuse early rather than run out of heap.
    Runtime rt = Runtime.getRuntime();
    long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    if (size * 2 > free) {
      throw new ConvoyException(file + " (" + size / (1 << 20) + " MiB) needs about " + size * 2 / (1 << 20)
          + " MiB of heap to load but only " + free / (1 << 20) + " MiB is free; raise -Xmx (CONVOY_JAVA_OPTS)");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, registry, batch, file.toString());
    } catch (IOException e) {
      throw new ConvoyException("cannot read ONNX model " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads an ONNX model from {@code bytes}; {@code source} names it in errors. */
  public static OnnxModel read(byte[] bytes, ProviderRegistry registry, int batch, String source) {
    try {
      return parse(CodedInputStream.newInstance(bytes), registry, batch, source);
    } catch (IOException e) {
      throw new ConvoyException("cannot read ONNX model " + source + ": " + e.getMessage(), e);
    }
  }

  private static OnnxModel parse(InputStream in, ProviderRegistry registry, int batch, String source)
      throws IOException {
    CodedInputStream coded = CodedInputStream.newInstance(in);
    return parse(coded, registry, batch, source);
  }

  private static OnnxModel parse(CodedInputStream coded, ProviderRegistry registry, int batch, String source)
      throws IOException {
    if (batch < 0) {
      throw new ConvoyException("the batch size must be positive, not " + batch);
    }
    coded.setSizeLimit(Integer.MAX_VALUE);
    coded.setRecursionLimit(64);
    ModelProto model;
    try {
      model = ModelProto.parseFrom(coded);
    } catch (InvalidProtocolBufferException e) {
      throw new ConvoyException(source + " is not a valid ONNX model (truncated or corrupt protobuf: "
          + e.getMessage() + ")", e);
    }
    if (!model.hasGraph() || !model.hasIrVersion()) {
      throw new ConvoyException(source + " is not an ONNX model: it has no " + (model.hasGraph() ? "ir_version"
          : "graph"));
    }
    try {
      return new GraphImport(model, registry, batch).run();
    } catch (ConvoyException e) {
      throw new ConvoyException(source + ": " + e.getMessage(), e);
    }
  }
}
