package dev.convoy.app.train;

import dev.convoy.api.ConvoyException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options of {@code convoy train} that decide a run's numbers besides the model, the seed and
 * the optimizer (which the checkpoint keeps in its own fields), saved as checkpoint metadata so
 * that {@code train --resume} goes on with the same ones. {@code epochs} is the total the run
 * that wrote the file asked for, which a cosine schedule depends on.
 */
public record TrainingRecipe(String data, Integer limit, int batch, String loss, boolean augment, String lrSchedule,
    int lrStep, float lrGamma, int epochs) {
  private static final String DATA = "train_data";
  private static final String LIMIT = "train_limit";
  private static final String BATCH = "train_batch";
  private static final String LOSS = "train_loss";
  private static final String AUGMENT = "train_augment";
  private static final String LR_SCHEDULE = "train_lr_schedule";
  private static final String LR_STEP = "train_lr_step";
  private static final String LR_GAMMA = "train_lr_gamma";
  private static final String EPOCHS = "train_epochs";

  /** {@code --data} as saved: a path that exists becomes absolute, so a run resumed elsewhere finds it. */
  public static String dataKey(String data) {
    try {
      Path path = Path.of(data);
      return Files.exists(path) ? path.toAbsolutePath().normalize().toString() : data;
    } catch (InvalidPathException e) {
      return data;
    }
  }

  public Map<String, String> toMap() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put(DATA, data);
    map.put(LIMIT, limit == null ? "" : limit.toString());
    map.put(BATCH, Integer.toString(batch));
    map.put(LOSS, loss);
    map.put(AUGMENT, Boolean.toString(augment));
    map.put(LR_SCHEDULE, lrSchedule);
    map.put(LR_STEP, Integer.toString(lrStep));
    map.put(LR_GAMMA, Float.toString(lrGamma));
    map.put(EPOCHS, Integer.toString(epochs));
    return map;
  }

  /** Reads what {@link #toMap} wrote into the metadata of {@code file}. */
  public static TrainingRecipe from(Map<String, String> map, String file) {
    for (String key : new String[] {DATA, LIMIT, BATCH, LOSS, AUGMENT, LR_SCHEDULE, LR_STEP, LR_GAMMA, EPOCHS}) {
      if (!map.containsKey(key)) {
        throw new ConvoyException(file + " records no training options ('" + key + "' metadata): it was not saved by"
            + " convoy train --out of this version, so its run cannot be resumed exactly; train on from its weights"
            + " with --model " + file + " instead");
      }
    }
    try {
      String limit = map.get(LIMIT);
      return new TrainingRecipe(map.get(DATA), limit.isEmpty() ? null : Integer.valueOf(limit),
          Integer.parseInt(map.get(BATCH)), map.get(LOSS), Boolean.parseBoolean(map.get(AUGMENT)),
          map.get(LR_SCHEDULE), Integer.parseInt(map.get(LR_STEP)), Float.parseFloat(map.get(LR_GAMMA)),
          Integer.parseInt(map.get(EPOCHS)));
    } catch (NumberFormatException e) {
      throw new ConvoyException(file + ": a number among its training options (train_* metadata) is not one ("
          + e.getMessage() + "); the file was edited or is corrupted");
    }
  }
}
