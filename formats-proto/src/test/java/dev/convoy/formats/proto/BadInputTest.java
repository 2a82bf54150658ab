package dev.convoy.formats.proto;

import static dev.convoy.formats.proto.Fixtures.BACKEND;
import static dev.convoy.formats.proto.Fixtures.REGISTRY;
import static dev.convoy.formats.proto.Fixtures.craft;
import static dev.convoy.formats.proto.Fixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerContext;
import dev.convoy.api.LayerProvider;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.formats.proto.gen.Header;
import dev.convoy.formats.proto.gen.NetworkDef;
import dev.convoy.formats.proto.gen.NodeDef;
import dev.convoy.formats.proto.gen.TensorRecord;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.ProviderRegistry;
import dev.convoy.runtime.Sequential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BadInputTest {
  /** INPUT [1, 4] -> FC-2: two small parameters, fc1.weight [2, 4] and fc1.bias [2]. */
  private static final Network TINY = Sequential.input(REGISTRY, Shape.of(1, 4)).fc(2).build();

  @TempDir
  Path dir;

  private static Header.Builder header(int records) {
    return Header.newBuilder().setFormatVersion(1).setNetwork(NetworkCodec.encode(TINY)).setTensorRecordCount(records);
  }

  private static List<TensorRecord> goodRecords() {
    return List.of(record("fc1.weight", List.of(2, 4), new float[8]), record("fc1.bias", List.of(2), new float[2]));
  }

  private Path save(byte[] bytes) throws IOException {
    Path file = dir.resolve("bad.convoy");
    Files.write(file, bytes);
    return file;
  }

  /** Loads {@code bytes} expecting a ConvoyException that names the file and says {@code expected}. */
  private ConvoyException refuses(byte[] bytes, String... expected) throws IOException {
    return refuses(REGISTRY, bytes, expected);
  }

  private ConvoyException refuses(ProviderRegistry registry, byte[] bytes, String... expected) throws IOException {
    Path file = save(bytes);
    ConvoyException e = assertThrows(ConvoyException.class, () -> ConvoyCheckpoint.read(file, registry));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    for (String part : expected) {
      assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
    }
    return e;
  }

  @Test
  void theHandMadeGoodFileLoads() throws IOException {
    LoadedCheckpoint saved = ConvoyCheckpoint.read(save(craft(header(2).build(), goodRecords())), REGISTRY);
    assertEquals(Set.of("fc1.weight", "fc1.bias"), saved.parameters().keySet());
    assertEquals(TINY.node("fc1").layer().parameters().getFirst().shape(), saved.parameter("fc1.weight").shape());
  }

  @Test
  void aFileWithoutTheMagicIsNotACheckpoint() throws IOException {
    refuses("PK\u0003\u0004 this is a zip".getBytes(), "not a Convoy checkpoint");
    refuses(new byte[0], "truncated");
  }

  @Test
  void aNewerContainerOrFormatVersionAsksForAnUpgrade() throws IOException {
    byte[] bytes = craft(header(2).build(), goodRecords());
    bytes[8] = 2;
    refuses(bytes, "container version 2", "upgrade Convoy");
    refuses(craft(header(2).setFormatVersion(2).build(), goodRecords()), "format version 2", "upgrade Convoy");
    refuses(craft(header(2).setFormatVersion(0).build(), goodRecords()), "no format version");
  }

  @Test
  void aTruncatedFileIsReportedWhereverItIsCut() throws IOException {
    byte[] good = craft(header(2).build(), goodRecords());
    for (int cut : new int[] {3, 8, 11, 12, 13, 40, good.length - 9, good.length - 1}) {
      refuses(Arrays.copyOf(good, cut), "truncated");
    }
  }

  @Test
  void aFlippedBitInTheValuesFailsTheChecksumNamingTheTensor() throws IOException {
    byte[] bytes = craft(header(2).build(), List.of(record("fc1.weight", List.of(2, 4), new float[] {1, 2, 3, 4, 5, 6, 7, 8}),
        record("fc1.bias", List.of(2), new float[2])));
    byte[] needle = TensorBytes.encode(new float[] {5}, 0, 1).toByteArray();
    int at = indexOf(bytes, needle);
    bytes[at + 2] ^= 0x10;
    refuses(bytes, "tensor 'fc1.weight'", "CRC32C");
  }

  @Test
  void dimensionsWhoseProductOverflowsAreRefused() throws IOException {
    List<TensorRecord> records = new ArrayList<>(goodRecords());
    records.set(0, record("fc1.weight", List.of(65536, 65536, 65536), new float[8]));
    refuses(craft(header(2).build(), records), "tensor 'fc1.weight'", "exceeds");
    records.set(0, record("fc1.weight", List.of(2, -4), new float[8]));
    refuses(craft(header(2).build(), records), "tensor 'fc1.weight'", "negative dimension");
  }

  @Test
  void dimensionsThatDoNotMatchTheDataAreRefused() throws IOException {
    refuses(craft(header(2).build(), List.of(record("fc1.weight", List.of(2, 4), new float[9]),
        record("fc1.bias", List.of(2), new float[2]))), "tensor 'fc1.weight'", "more values than its dimensions [2, 4]");
    refuses(craft(header(2).build(), List.of(record("fc1.weight", List.of(2, 4), new float[7]),
        record("fc1.bias", List.of(2), new float[2]))), "tensor 'fc1.weight' has only 7 of its 8 values");
    refuses(craft(header(2).build(), List.of(record("fc1.weight", List.of(4, 2), new float[8]),
        record("fc1.bias", List.of(2), new float[2]))), "tensor 'fc1.weight' has shape [4, 2]", "node 'fc1'", "needs [2, 4]");
  }

  @Test
  void missingAndUnexpectedTensorsAreNamed() throws IOException {
    refuses(craft(header(1).build(), goodRecords().subList(0, 1)), "parameter 'fc1.bias'", "no tensor of that name");
    List<TensorRecord> extra = new ArrayList<>(goodRecords());
    extra.add(record("fc9.weight", List.of(1), new float[1]));
    refuses(craft(header(3).build(), extra), "tensor 'fc9.weight'", "no node");
    List<TensorRecord> twice = new ArrayList<>(goodRecords());
    twice.add(goodRecords().get(1));
    refuses(craft(header(3).build(), twice), "tensor 'fc1.bias' is saved twice");
  }

  @Test
  void recordCountsThatDisagreeWithTheFileAreRefused() throws IOException {
    refuses(craft(header(3).build(), goodRecords()), "truncated");
    refuses(craft(header(1).build(), goodRecords()), "unexpected bytes follow the last tensor record");
    refuses(craft(header(-1).build(), goodRecords()), "18446744073709551615 tensor records");
  }

  @Test
  void absurdSizesAreRefusedBeforeAnythingIsAllocated() throws IOException {
    // A header length of 2^40 bytes in a file of a few dozen.
    byte[] huge = {'C', 'O', 'N', 'V', 'O', 'Y', 'C', 'K', 1, 0, 0, 0, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
        (byte) 0x80, 0x20};
    refuses(huge, "the header claims 1099511627776 bytes but only 0 are left");
    // A tensor of 2^29 values (2 GiB) whose record holds eight.
    List<TensorRecord> records = new ArrayList<>(goodRecords());
    records.set(0, record("fc1.weight", List.of(1 << 15, 1 << 14), new float[8]));
    refuses(craft(header(2).build(), records), "tensor 'fc1.weight'", "536870912 values", "truncated or corrupted");
    // An endless varint.
    byte[] endless = Arrays.copyOf(huge, 30);
    Arrays.fill(endless, 12, 30, (byte) 0xff);
    refuses(endless, "not a valid varint");
  }

  @Test
  void tensorsLargerThanTheHeapAreRefusedBeforeAllocation() {
    TensorAssembler assembler = new TensorAssembler(99);
    ConvoyException e = assertThrows(ConvoyException.class,
        () -> assembler.add(record("big", List.of(5, 5), new float[25]), 1_000_000));
    assertTrue(e.getMessage().contains("tensor 'big' needs 100 bytes"), e.getMessage());
    assertTrue(e.getMessage().contains("-Xmx"), e.getMessage());
  }

  @Test
  void anUnknownLayerTypeNamesTheTypeAndThePluginsFolder() throws IOException {
    NetworkDef.Builder net = NetworkCodec.encode(TINY).toBuilder();
    net.setNodes(0, net.getNodes(0).toBuilder().setType("Maxout"));
    ConvoyException e = refuses(craft(header(0).setNetwork(net).build(), List.of()),
        "node 'fc1' has the layer type 'Maxout'",
        "put the plugin that provides it in the plugins folder (--plugins DIR)");
    assertTrue(e.getMessage().contains("Conv"), "lists the known types: " + e.getMessage());
  }

  @Test
  void danglingInputsAndCyclesAreReportedByTheBuilder() throws IOException {
    NetworkDef.Builder dangling = NetworkCodec.encode(TINY).toBuilder();
    dangling.setNodes(0, dangling.getNodes(0).toBuilder().setInputs(0, "nowhere"));
    refuses(craft(header(0).setNetwork(dangling).build(), List.of()),
        "node 'fc1' reads 'nowhere', which is neither an input nor a node");

    NetworkDef cycle = NetworkDef.newBuilder()
        .addInputs(dev.convoy.formats.proto.gen.InputDef.newBuilder().setName("data").addDims(1).addDims(4))
        .addNodes(NodeDef.newBuilder().setName("a").setType("Relu").addInputs("b"))
        .addNodes(NodeDef.newBuilder().setName("b").setType("Relu").addInputs("a"))
        .addOutputs("b").build();
    refuses(craft(header(0).setNetwork(cycle).build(), List.of()), "cycle through the nodes [a, b]");
  }

  @Test
  void badAttributesAreReportedNamingTheNode() throws IOException {
    NetworkDef.Builder net = NetworkCodec.encode(TINY).toBuilder();
    net.setNodes(0, net.getNodes(0).toBuilder().clearAttributes()
        .addAttributes(dev.convoy.formats.proto.gen.Attribute.newBuilder().setName("units")));
    refuses(craft(header(0).setNetwork(net).build(), List.of()), "node 'fc1' (FC): attribute 'units' has no value");
  }

  /** A third-party layer that fails with something other than a ConvoyException. */
  private static final class ExplodingProvider implements LayerProvider {
    @Override
    public Set<String> types() {
      return Set.of("Boom");
    }

    @Override
    public Layer create(String nodeName, LayerSpec spec, List<Shape> inputShapes) {
      return new Layer() {
        @Override
        public Shape outputShape() {
          throw new ArithmeticException("/ by zero");
        }

        @Override
        public Volume forward(LayerContext ctx, List<Volume> inputs) {
          throw new UnsupportedOperationException();
        }

        @Override
        public List<Volume> backward(LayerContext ctx, List<Volume> inputs, Volume output, Volume outputGradient) {
          throw new UnsupportedOperationException();
        }
      };
    }
  }

  @Test
  void aLayerProviderThatCrashesIsReportedAsABadNode() throws IOException {
    ProviderRegistry registry = ProviderRegistry.of(List.of(new ExplodingProvider()), List.of(), List.of());
    NetworkDef net = NetworkDef.newBuilder()
        .addInputs(dev.convoy.formats.proto.gen.InputDef.newBuilder().setName("data").addDims(1).addDims(4))
        .addNodes(NodeDef.newBuilder().setName("bang").setType("Boom").addInputs("data"))
        .build();
    ConvoyException e = refuses(registry, craft(header(0).setNetwork(net).build(), List.of()), "node 'bang'",
        "ArithmeticException: / by zero");
    assertEquals(ConvoyException.class, e.getCause().getClass());
  }

  @Test
  void aMissingFileIsReportedPlainly() {
    Path file = dir.resolve("absent.convoy");
    ConvoyException e = assertThrows(ConvoyException.class, () -> ConvoyCheckpoint.read(file, REGISTRY));
    assertEquals("no checkpoint at " + file + ": the file does not exist", e.getMessage());
  }

  @Test
  void aCheckpointOfARealModelStillLoadsAfterTheseChecks() throws IOException {
    Path file = dir.resolve("real.convoy");
    try (Model model = Model.create(TINY, BACKEND, 1)) {
      ConvoyCheckpoint.write(file, model, Map.of(), TrainingState.start(1));
    }
    assertEquals(2, ConvoyCheckpoint.read(file, REGISTRY).parameters().size());
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("needle not found");
  }
}
