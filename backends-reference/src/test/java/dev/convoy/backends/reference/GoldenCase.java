package dev.convoy.backends.reference;

import dev.convoy.api.Backend;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** One golden file written by {@code golden/make_golden.py}: integer config values and named tensors. */
record GoldenCase(String name, Map<String, Object> config, Map<String, Object> tensors) {

  @SuppressWarnings("unchecked")
  static GoldenCase load(String name) {
    String resource = "/golden/" + name + ".json";
    try (InputStream in = GoldenCase.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing; run make_golden.py in src/test/resources/golden");
      }
      Map<String, Object> root = (Map<String, Object>) MiniJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return new GoldenCase(name, (Map<String, Object>) root.get("config"), (Map<String, Object>) root.get("tensors"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int integer(String key) {
    Object value = config.get(key);
    if (!(value instanceof Double d)) {
      throw new IllegalStateException(name + ": config has no number '" + key + "'");
    }
    return d.intValue();
  }

  String text(String key) {
    return (String) config.get(key);
  }

  @SuppressWarnings("unchecked")
  Shape shape(String tensor) {
    List<Object> dims = (List<Object>) tensorMap(tensor).get("shape");
    return Shape.of(dims.stream().mapToInt(d -> ((Double) d).intValue()).toArray());
  }

  @SuppressWarnings("unchecked")
  float[] values(String tensor) {
    List<Object> data = (List<Object>) tensorMap(tensor).get("data");
    float[] out = new float[data.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Double) data.get(i)).floatValue();
    }
    return out;
  }

  /** The tensor uploaded to {@code backend} with its golden shape. */
  Volume upload(Backend backend, String tensor) {
    return backend.upload(shape(tensor), values(tensor));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> tensorMap(String tensor) {
    Object t = tensors.get(tensor);
    if (t == null) {
      throw new IllegalStateException(name + ": no tensor '" + tensor + "' (has " + tensors.keySet() + ")");
    }
    return (Map<String, Object>) t;
  }
}
