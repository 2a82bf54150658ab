package dev.convoy.formats.proto;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.Parameter;
import dev.convoy.api.Shape;
import dev.convoy.formats.proto.gen.Header;
import dev.convoy.formats.proto.gen.OptimizerDef;
import dev.convoy.formats.proto.gen.Producer;
import dev.convoy.formats.proto.gen.TensorGroup;
import dev.convoy.formats.proto.gen.TensorRecord;
import dev.convoy.runtime.Model;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes the layout described in {@code convoy.proto}: magic, container version, the header, then
 * one record per tensor slice. Tensor values are read from the model one parameter at a time while
 * writing, so a large model is never held twice in memory.
 */
final class CheckpointWriter {
  private final int valuesPerRecord;

  /** {@code valuesPerRecord} bounds each record; tests make it small to exercise split tensors. */
  CheckpointWriter(int valuesPerRecord) {
    if (valuesPerRecord < 1) {
      throw new IllegalArgumentException("valuesPerRecord must be positive: " + valuesPerRecord);
    }
    this.valuesPerRecord = valuesPerRecord;
  }

  void write(Path file, Model model, Map<String, String> metadata, TrainingState training, OptimizerState optimizer) {
    checkMetadata(metadata);
    List<Parameter> parameters = model.parameters();
    long records = 0;
    for (Parameter p : parameters) {
      records += recordsFor(p.value().shape());
    }
    if (optimizer != null) {
      for (TensorData t : optimizer.tensors().values()) {
        records += recordsFor(t.shape());
      }
    }
    Header header = header(model, metadata, training, optimizer, records);
    AtomicFile.replace(file, out -> {
      out.write(CheckpointFormat.MAGIC);
      out.write(ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN)
          .putInt(CheckpointFormat.CONTAINER_VERSION).array());
      header.writeDelimitedTo(out);
      for (Parameter p : parameters) {
        writeTensor(out, p.name(), TensorGroup.TENSOR_GROUP_PARAMETER, p.value().shape(), p.value().toArray());
      }
      if (optimizer != null) {
        for (var e : optimizer.tensors().entrySet()) {
          writeTensor(out, e.getKey(), TensorGroup.TENSOR_GROUP_OPTIMIZER, e.getValue().shape(), e.getValue().values());
        }
      }
    });
  }

  private static Header header(Model model, Map<String, String> metadata, TrainingState training,
      OptimizerState optimizer, long records) {
    ProducerInfo producer = ProducerInfo.current();
    Header.Builder header = Header.newBuilder()
        .setFormatVersion(CheckpointFormat.FORMAT_VERSION)
        .setProducer(Producer.newBuilder().setName(producer.name()).setVersion(producer.version()))
        .setApiVersion(producer.apiVersion())
        .setNetwork(NetworkCodec.encode(model.network()))
        .setTraining(dev.convoy.formats.proto.gen.TrainingState.newBuilder()
            .setEpoch(training.epoch()).setStep(training.step()).setSeed(training.seed()))
        .putAllMetadata(new java.util.TreeMap<>(metadata))
        .addAllPluginLayerTypes(PluginLayerTypes.of(model.network()))
        .setTensorRecordCount(records);
    if (optimizer != null) {
      header.setOptimizer(OptimizerDef.newBuilder()
          .setName(optimizer.name())
          .addAllHyperparameters(AttributeCodec.encode(optimizer.hyperparameters(), "optimizer '" + optimizer.name() + "'")));
    }
    return header.build();
  }

  private long recordsFor(Shape shape) {
    return Math.max(1, (shape.size() + valuesPerRecord - 1) / valuesPerRecord);
  }

  private void writeTensor(OutputStream out, String name, TensorGroup group, Shape shape, float[] values)
      throws IOException {
    int offset = 0;
    do {
      int count = Math.min(valuesPerRecord, values.length - offset);
      var data = TensorBytes.encode(values, offset, count);
      TensorRecord.Builder record = TensorRecord.newBuilder()
          .setName(name)
          .setGroup(group)
          .setValueOffset(offset)
          .setData(data)
          .setCrc32C(TensorBytes.crc32c(data));
      for (int d : shape.dims()) {
        record.addDims(d);
      }
      record.build().writeDelimitedTo(out);
      offset += count;
    } while (offset < values.length);
  }

  private static void checkMetadata(Map<String, String> metadata) {
    for (var e : metadata.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw new ConvoyException("checkpoint metadata cannot hold null keys or values (got " + e.getKey() + "="
            + e.getValue() + ")");
      }
    }
  }
}
