package dev.convoy.formats.proto;

import static dev.convoy.formats.proto.Fixtures.REGISTRY;
import static dev.convoy.formats.proto.Fixtures.craft;
import static dev.convoy.formats.proto.Fixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.Shape;
import dev.convoy.formats.proto.gen.Header;
import dev.convoy.formats.proto.gen.NetworkDef;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.Sequential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which plugins a checkpoint needs: recorded on writing, named when one is missing on reading. */
class PluginLayerTypesTest {
  private static final Network TINY = Sequential.input(REGISTRY, Shape.of(1, 4)).fc(2).build();

  @TempDir
  Path dir;

  @Test
  void builtInLayersAreNotRecordedAsPluginTypes() {
    assertEquals(List.of(), PluginLayerTypes.of(Fixtures.smallNet(2)));
  }

  @Test
  void entriesNameTheTypeAndOptionallyThePlugin() {
    assertEquals(List.of("Maxout", "Bare"), PluginLayerTypes.types(List.of("Maxout=maxout 0.1.0", "Bare")));
  }

  @Test
  void aMissingPluginLayerTypeIsReportedWithThePluginItCameFrom() throws Exception {
    NetworkDef.Builder net = NetworkCodec.encode(TINY).toBuilder();
    net.setNodes(0, net.getNodes(0).toBuilder().setType("Maxout"));
    Header header = Header.newBuilder().setFormatVersion(1).setNetwork(net).setTensorRecordCount(0)
        .addPluginLayerTypes("Maxout=maxout 0.1.0").build();
    Path file = Files.write(dir.resolve("needs-maxout.convoy"), craft(header, List.of()));

    ConvoyException e = assertThrows(ConvoyException.class, () -> ConvoyCheckpoint.read(file, REGISTRY));

    assertEquals("cannot load checkpoint " + file + ": node 'fc1' has the layer type 'Maxout' of the plugin maxout "
        + "0.1.0, which is not loaded; put the plugin that provides it in the plugins folder (--plugins DIR)",
        e.getMessage());
  }

  @Test
  void aRecordedPluginTypeThatIsLoadedReadsNormally() throws Exception {
    // The file claims FC came from a plugin; FC is loaded, so nothing is missing and the file reads.
    Header header = Header.newBuilder().setFormatVersion(1).setNetwork(NetworkCodec.encode(TINY))
        .setTensorRecordCount(2).addPluginLayerTypes("FC=someone 1.0").build();
    Path file = Files.write(dir.resolve("fc.convoy"), craft(header, List.of(
        record("fc1.weight", List.of(2, 4), new float[8]), record("fc1.bias", List.of(2), new float[2]))));

    LoadedCheckpoint saved = ConvoyCheckpoint.read(file, REGISTRY);

    assertEquals(List.of("FC"), saved.pluginLayerTypes());
    assertTrue(saved.parameters().containsKey("fc1.weight"));
  }
}
