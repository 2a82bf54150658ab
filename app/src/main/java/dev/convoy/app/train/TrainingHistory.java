package dev.convoy.app.train;

import dev.convoy.api.ConvoyException;
import dev.convoy.runtime.EpochResult;
import dev.convoy.runtime.TrainingPosition;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run has trained so far, saved in its checkpoint's metadata: every finished epoch's numbers
 * and every batch loss (for the report's curves, which a resumed run draws whole), and where within
 * an epoch a mid-epoch checkpoint stopped. Times are left out, so that a resumed run saves the same
 * bytes as one that never stopped.
 */
public record TrainingHistory(List<EpochResult> epochs, float[] batchLosses, TrainingPosition position) {
  private static final String EPOCHS = "history_epochs";
  private static final String LOSSES = "history_batch_losses";
  private static final String POSITION = "history_position";

  /** No history: a run from its first epoch, or resumed from a file saved before histories were kept. */
  public static TrainingHistory startingAt(int epoch) {
    return new TrainingHistory(List.of(), new float[0], TrainingPosition.startOf(epoch));
  }

  public Map<String, String> toMap() {
    Map<String, String> map = new LinkedHashMap<>();
    StringBuilder lines = new StringBuilder();
    for (EpochResult e : epochs) {
      // Float and Double.toString read back to the same bits.
      lines.append(e.epoch()).append(',').append(e.trainLoss()).append(',').append(e.trainAccuracy()).append(',')
          .append(e.testAccuracy()).append(',').append(e.learningRate()).append('\n');
    }
    map.put(EPOCHS, lines.toString());
    ByteBuffer bytes = ByteBuffer.allocate(batchLosses.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(batchLosses);
    map.put(LOSSES, Base64.getEncoder().encodeToString(bytes.array()));
    map.put(POSITION, position.epoch() + "," + position.batchesDone() + "," + position.lossSum() + ","
        + position.images() + "," + position.correct());
    return map;
  }

  /**
   * Reads what {@link #toMap} wrote into the metadata of {@code file}; a file without it (saved by
   * an older version) has a history starting at {@code nextEpoch}.
   */
  public static TrainingHistory from(Map<String, String> map, int nextEpoch, String file) {
    if (!map.containsKey(POSITION)) {
      return startingAt(nextEpoch);
    }
    try {
      List<EpochResult> epochs = new ArrayList<>();
      for (String line : map.getOrDefault(EPOCHS, "").lines().toList()) {
        String[] f = line.split(",");
        epochs.add(new EpochResult(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
            Double.parseDouble(f[3]), Float.parseFloat(f[4]), 0));
      }
      byte[] bytes = Base64.getDecoder().decode(map.getOrDefault(LOSSES, ""));
      float[] losses = new float[bytes.length / Float.BYTES];
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(losses);
      String[] p = map.get(POSITION).split(",");
      TrainingPosition position = new TrainingPosition(Integer.parseInt(p[0]), Integer.parseInt(p[1]),
          Double.parseDouble(p[2]), Integer.parseInt(p[3]), Double.parseDouble(p[4]));
      if (position.epoch() != nextEpoch) {
        throw new ConvoyException(file + ": its history stops in epoch " + position.epoch() + " but its training"
            + " state in epoch " + nextEpoch + "; the file was edited or is corrupted");
      }
      return new TrainingHistory(List.copyOf(epochs), losses, position);
    } catch (RuntimeException e) {
      if (e instanceof ConvoyException c) {
        throw c;
      }
      throw new ConvoyException(file + ": its training history (history_* metadata) cannot be read (" + e
          + "); the file was edited or is corrupted");
    }
  }
}
