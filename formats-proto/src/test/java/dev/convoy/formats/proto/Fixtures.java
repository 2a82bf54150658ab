package dev.convoy.formats.proto;

import dev.convoy.api.Backend;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.formats.proto.gen.Header;
import dev.convoy.formats.proto.gen.TensorRecord;
import dev.convoy.runtime.BackendSelector;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.ProviderRegistry;
import dev.convoy.runtime.Sequential;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;

/** The real layer providers, the reference backend, a small zoo-like network and a file crafter. */
final class Fixtures {
  private Fixtures() {}

  static final ProviderRegistry REGISTRY = ProviderRegistry.load();
  static final Backend BACKEND = new BackendSelector(REGISTRY).select("reference").open();

  /** INPUT -> [CONV -> RELU -> POOL] x 2 -> FC -> RELU -> DROPOUT -> FC, over 8x8x3 images; 617 parameters. */
  static Network smallNet(int batch) {
    return Sequential.input(REGISTRY, Shape.nchw(batch, 3, 8, 8))
        .add("conv1", LayerSpec.of("Conv").with("filters", 4).with("kernel", 3, 3).with("stride", 1).with("pad", 1)
            .with("round", "floor"))
        .relu().maxPool(2, 2)
        .conv(6, 3, 1, 1).relu().maxPool(2, 2)
        .fc(10).relu().dropout(0.25f)
        .fc(3)
        .build();
  }

  static Volume randomInput(Shape shape, long seed) {
    Random random = new Random(seed);
    float[] values = new float[shape.intSize()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return BACKEND.upload(shape, values);
  }

  /** A file laid out as the writer does, from hand-made messages, to make bad files on purpose. */
  static byte[] craft(Header header, List<TensorRecord> records) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(CheckpointFormat.MAGIC);
    out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(CheckpointFormat.CONTAINER_VERSION).array());
    header.writeDelimitedTo(out);
    for (TensorRecord record : records) {
      record.writeDelimitedTo(out);
    }
    return out.toByteArray();
  }

  /** A parameter record with a correct CRC. */
  static TensorRecord record(String name, List<Integer> dims, float[] values) {
    var data = TensorBytes.encode(values, 0, values.length);
    return TensorRecord.newBuilder().setName(name).addAllDims(dims).setData(data)
        .setCrc32C(TensorBytes.crc32c(data)).build();
  }
}
