package dev.convoy.formats.proto;

import com.google.protobuf.ByteString;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Shape;
import dev.convoy.formats.proto.gen.TensorGroup;
import dev.convoy.formats.proto.gen.TensorRecord;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts tensors together from their records (one, or several consecutive slices), checking each
 * record against its tensor: dimensions, offsets, length and CRC32C. The values array is allocated
 * once per tensor, after its size was checked against the bytes left in the file and the heap.
 */
final class TensorAssembler {
  private final Map<TensorGroup, Map<String, TensorData>> done = new EnumMap<>(TensorGroup.class);
  private final long maxMemory;
  private long allocated;
  private TensorRecord first;
  private float[] values;
  private int filled;

  TensorAssembler(long maxMemory) {
    this.maxMemory = maxMemory;
    done.put(TensorGroup.TENSOR_GROUP_PARAMETER, new LinkedHashMap<>());
    done.put(TensorGroup.TENSOR_GROUP_OPTIMIZER, new LinkedHashMap<>());
  }

  /** Heap not yet promised to tensors: a bound for the next record. */
  long memoryLeft() {
    return maxMemory - allocated;
  }

  /** {@code bytesLeft}: what the file holds after this record, where the rest of its tensor must be. */
  void add(TensorRecord record, long bytesLeft) {
    String what = "tensor '" + record.getName() + "'";
    if (record.getValueOffset() == 0) {
      requireComplete();
      start(record, what, bytesLeft);
    } else if (first == null || !record.getName().equals(first.getName()) || record.getGroup() != first.getGroup()
        || !record.getDimsList().equals(first.getDimsList()) || record.getValueOffset() != filled) {
      throw new ConvoyException(what + ": a record at value offset " + record.getValueOffset()
          + " does not continue the tensor before it: the file is corrupted");
    }
    ByteString data = record.getData();
    if (data.size() % Float.BYTES != 0) {
      throw new ConvoyException(what + ": its data is " + data.size() + " bytes, not a whole number of float32 values");
    }
    int count = data.size() / Float.BYTES;
    if (count > values.length - filled) {
      throw new ConvoyException(what + ": its data holds more values than its dimensions " + first.getDimsList()
          + " allow (" + values.length + ")");
    }
    if (TensorBytes.crc32c(data) != record.getCrc32C()) {
      throw new ConvoyException(what + ": its values fail their CRC32C check: the file is corrupted");
    }
    TensorBytes.decode(data, values, filled);
    filled += count;
    if (filled == values.length) {
      Shape shape = Shape.of(first.getDimsList().stream().mapToInt(Integer::intValue).toArray());
      done.get(first.getGroup()).put(first.getName(), new TensorData(shape, values));
      first = null;
      values = null;
    }
  }

  private void start(TensorRecord record, String what, long bytesLeft) {
    if (record.getName().isEmpty()) {
      throw new ConvoyException("a tensor record has no name: the file is corrupted");
    }
    if (record.getGroup() == TensorGroup.UNRECOGNIZED) {
      throw new ConvoyException(what + " belongs to an unknown group (" + record.getGroupValue()
          + "): the file is corrupted or from a newer Convoy");
    }
    if (done.get(record.getGroup()).containsKey(record.getName())) {
      throw new ConvoyException(what + " is saved twice");
    }
    long count = Dims.valueCount(record.getDimsList(), what);
    long bytes = count * Float.BYTES;
    if (bytes > bytesLeft + record.getData().size()) {
      throw new ConvoyException(what + " has dimensions " + record.getDimsList() + " (" + count + " values, " + bytes
          + " bytes) but the file has only " + (bytesLeft + record.getData().size())
          + " bytes left: it is truncated or corrupted");
    }
    if (bytes > memoryLeft()) {
      throw new ConvoyException(what + " needs " + bytes + " bytes, and with the tensors before it that is more than"
          + " the JVM's maximum heap (" + maxMemory + " bytes); run with a larger -Xmx");
    }
    allocated += bytes;
    first = record;
    values = new float[(int) count];
    filled = 0;
  }

  /** Fails when the last tensor begun is missing values. */
  void requireComplete() {
    if (first != null) {
      throw new ConvoyException("tensor '" + first.getName() + "' has only " + filled + " of its " + values.length
          + " values: the file is truncated or corrupted");
    }
  }

  Map<String, TensorData> parameters() {
    return done.get(TensorGroup.TENSOR_GROUP_PARAMETER);
  }

  Map<String, TensorData> optimizerState() {
    return done.get(TensorGroup.TENSOR_GROUP_OPTIMIZER);
  }
}
