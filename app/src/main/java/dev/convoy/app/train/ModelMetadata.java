package dev.convoy.app.train;

import dev.convoy.api.ConvoyException;
import dev.convoy.data.Normalization;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a trained model needs beside its weights to be used on new images, as checkpoint metadata:
 * class names, per-channel normalization, the zoo model and dataset it came from.
 */
public record ModelMetadata(String zooModel, String dataset, List<String> classNames, Normalization normalization) {
  private static final String MODEL = "zoo_model";
  private static final String DATASET = "dataset";
  private static final String CLASSES = "class_names";
  private static final String MEAN = "normalization_mean";
  private static final String STD = "normalization_std";

  public Map<String, String> toMap() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put(MODEL, zooModel);
    map.put(DATASET, dataset);
    map.put(CLASSES, String.join("\n", classNames));
    map.put(MEAN, join(normalization.mean()));
    map.put(STD, join(normalization.std()));
    return map;
  }

  /** Reads what {@link #toMap} wrote; a model without it cannot map scores to class names or normalize. */
  public static ModelMetadata from(Map<String, String> map, String file) {
    for (String key : List.of(CLASSES, MEAN, STD)) {
      if (!map.containsKey(key)) {
        throw new ConvoyException(file + " has no '" + key + "' metadata; it was not written by convoy train,"
            + " so its classes and input normalization are unknown");
      }
    }
    return new ModelMetadata(map.getOrDefault(MODEL, "?"), map.getOrDefault(DATASET, "?"),
        List.of(map.get(CLASSES).split("\n")), Normalization.of(floats(map.get(MEAN), file), floats(map.get(STD), file)));
  }

  private static String join(float[] values) {
    StringBuilder sb = new StringBuilder();
    for (float v : values) {
      sb.append(sb.isEmpty() ? "" : ",").append(v);
    }
    return sb.toString();
  }

  private static float[] floats(String text, String file) {
    try {
      String[] parts = text.split(",");
      float[] values = new float[parts.length];
      for (int i = 0; i < parts.length; i++) {
        values[i] = Float.parseFloat(parts[i].trim());
      }
      return values;
    } catch (NumberFormatException e) {
      throw new ConvoyException(file + ": normalization metadata '" + text + "' is not a list of numbers");
    }
  }

  @Override
  public String toString() {
    return zooModel + " on " + dataset + " " + classNames + " mean " + Arrays.toString(normalization.mean());
  }
}
