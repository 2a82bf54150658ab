package dev.convoy.formats.proto;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.ParamSpec;
import dev.convoy.formats.proto.gen.Header;
import dev.convoy.formats.proto.gen.TensorRecord;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.Node;
import dev.convoy.runtime.ProviderRegistry;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a checkpoint that may come from anyone: every length, count and dimension is checked
 * against the file and the heap before it is used, and every problem becomes one {@link
 * ConvoyException} naming the file and the node or tensor, never a protobuf exception or an
 * OutOfMemoryError.
 */
final class CheckpointReader {
  private final Path file;
  private final ProviderRegistry registry;

  CheckpointReader(Path file, ProviderRegistry registry) {
    this.file = file;
    this.registry = registry;
  }

  LoadedCheckpoint read() {
    try {
      return readFile();
    } catch (NoSuchFileException e) {
      throw new ConvoyException("no checkpoint at " + file + ": the file does not exist");
    } catch (IOException e) {
      throw new ConvoyException("cannot read checkpoint " + file + ": " + e, e);
    } catch (ConvoyException e) {
      throw new ConvoyException("cannot load checkpoint " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // A bug of ours on input nobody foresaw: still the one kind of error a bad file gives.
      throw new ConvoyException("cannot load checkpoint " + file + ": an unexpected problem while reading it (" + e
          + "); the file is probably corrupted", e);
    }
  }

  private LoadedCheckpoint readFile() throws IOException {
    long length = Files.size(file);
    try (InputStream stream = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      RecordInput in = new RecordInput(stream, length);
      checkPreamble(in);
      TensorAssembler tensors = new TensorAssembler(Runtime.getRuntime().maxMemory());
      Header header = parse(in.record("the header", tensors.memoryLeft()), Header.parser(), "the header");
      checkHeader(header);
      PluginLayerTypes.requireProvided(header.getNetwork(), header.getPluginLayerTypesList(), registry);
      Network network = NetworkCodec.decode(header.getNetwork(), registry, -1);
      for (long i = 0; i < header.getTensorRecordCount(); i++) {
        String what = "tensor record " + (i + 1) + " of " + header.getTensorRecordCount();
        TensorRecord record = parse(in.record(what, tensors.memoryLeft()), TensorRecord.parser(), what);
        tensors.add(record, in.remaining());
      }
      tensors.requireComplete();
      in.requireEnd();
      checkParameters(network, tensors.parameters());
      return new LoadedCheckpoint(file, registry, header, network, tensors.parameters(), optimizer(header, tensors));
    }
  }

  private static void checkPreamble(RecordInput in) throws IOException {
    byte[] magic = in.bytes(CheckpointFormat.MAGIC.length, "the magic number");
    if (!Arrays.equals(magic, CheckpointFormat.MAGIC)) {
      throw new ConvoyException("it does not start with \"CONVOYCK\": it is not a Convoy checkpoint (an .onnx model"
          + " goes through the ONNX importer)");
    }
    int version = ByteBuffer.wrap(in.bytes(Integer.BYTES, "the container version")).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (version != CheckpointFormat.CONTAINER_VERSION) {
      throw new ConvoyException("it has container version " + Integer.toUnsignedString(version) + " but this Convoy reads "
          + CheckpointFormat.CONTAINER_VERSION + " only; " + (version > 0 ? "upgrade Convoy" : "the file is corrupted"));
    }
  }

  private static void checkHeader(Header header) {
    int version = header.getFormatVersion();
    if (version == 0) {
      throw new ConvoyException("its header has no format version: the file is corrupted");
    }
    if (Integer.compareUnsigned(version, CheckpointFormat.FORMAT_VERSION) > 0) {
      throw new ConvoyException("it has format version " + Integer.toUnsignedString(version) + ", newer than the "
          + CheckpointFormat.FORMAT_VERSION + " this Convoy reads; upgrade Convoy (written by "
          + header.getProducer().getName() + " " + header.getProducer().getVersion() + ")");
    }
    if (header.getTensorRecordCount() < 0) {
      throw new ConvoyException("its header claims " + Long.toUnsignedString(header.getTensorRecordCount())
          + " tensor records: the file is corrupted");
    }
  }

  /** Every parameter the network declares has saved values of its shape, and no saved value is left over. */
  private static void checkParameters(Network network, Map<String, TensorData> saved) {
    Set<String> expected = new HashSet<>();
    for (Node node : network.nodes()) {
      for (ParamSpec spec : node.layer().parameters()) {
        String name = node.qualify(spec.name());
        expected.add(name);
        TensorData values = saved.get(name);
        if (values == null) {
          throw new ConvoyException("node '" + node.name() + "' (" + node.spec().type() + ") needs parameter '" + name
              + "' of shape " + spec.shape() + " but the file has no tensor of that name");
        }
        if (!values.shape().equals(spec.shape())) {
          throw new ConvoyException("tensor '" + name + "' has shape " + values.shape() + " but node '" + node.name()
              + "' (" + node.spec() + ") needs " + spec.shape());
        }
      }
    }
    for (String name : saved.keySet()) {
      if (!expected.contains(name)) {
        throw new ConvoyException("tensor '" + name + "' is saved as a parameter but no node of the network has it");
      }
    }
  }

  private static Optional<OptimizerState> optimizer(Header header, TensorAssembler tensors) {
    if (!header.hasOptimizer()) {
      if (!tensors.optimizerState().isEmpty()) {
        throw new ConvoyException("it holds optimizer tensors " + tensors.optimizerState().keySet()
            + " but names no optimizer: the file is corrupted");
      }
      return Optional.empty();
    }
    String name = header.getOptimizer().getName();
    return Optional.of(new OptimizerState(name,
        AttributeCodec.decode(header.getOptimizer().getHyperparametersList(), "optimizer '" + name + "'"),
        tensors.optimizerState()));
  }

  private static <T> T parse(byte[] bytes, com.google.protobuf.Parser<T> parser, String what) {
    try {
      CodedInputStream input = CodedInputStream.newInstance(bytes);
      // Tensor data then refers to the record's bytes instead of being copied once more.
      input.enableAliasing(true);
      return parser.parseFrom(input);
    } catch (InvalidProtocolBufferException e) {
      throw new ConvoyException(what + " is not a valid protobuf message (" + e.getMessage() + "): the file is corrupted");
    }
  }
}
