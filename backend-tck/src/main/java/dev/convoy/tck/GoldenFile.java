package dev.convoy.tck;

import dev.convoy.api.Backend;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reference values computed once by another tool (PyTorch) and committed as a small JSON resource:
 * {@code {"name", "config": {key: number or string}, "tensors": {name: {"shape", "data"}}}}, tensors
 * in row-major order. The script that wrote a file sits beside it, so the numbers can be remade.
 *
 * <pre>{@code
 * GoldenFile golden = GoldenFile.load(MyTest.class::getResourceAsStream, "/golden/batchnorm_train.json");
 * Volume x = golden.upload(backend, "x");
 * }</pre>
 */
public final class GoldenFile {
  private final String name;
  private final Map<String, Object> config;
  private final Map<String, Object> tensors;

  private GoldenFile(String name, Map<String, Object> config, Map<String, Object> tensors) {
    this.name = name;
    this.config = config;
    this.tensors = tensors;
  }

  /**
   * Reads resource {@code path} (absolute, e.g. {@code /golden/x.json}) through {@code resources},
   * failing with a message that says how to remake it when it is missing. Pass your test class's
   * {@code MyTest.class::getResourceAsStream}: the method reference reads with your module's
   * access, which a module's test resources need.
   */
  @SuppressWarnings("unchecked")
  public static GoldenFile load(Function<String, InputStream> resources, String path) {
    try (InputStream in = resources.apply(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is missing; run the make_golden.py script in the folder it"
            + " belongs to");
      }
      Map<String, Object> root = (Map<String, Object>) MiniJson.parse(new String(in.readAllBytes(),
          StandardCharsets.UTF_8));
      return new GoldenFile(path, (Map<String, Object>) root.get("config"), (Map<String, Object>) root.get("tensors"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The config's keys, in file order. */
  public java.util.Set<String> configNames() {
    return java.util.Collections.unmodifiableSet(config.keySet());
  }

  /** A number from the config, e.g. a hyperparameter. */
  public double number(String key) {
    if (!(config.get(key) instanceof Double d)) {
      throw new IllegalStateException(name + ": config has no number '" + key + "' (has " + config.keySet() + ")");
    }
    return d;
  }

  /** A whole number from the config. */
  public int integer(String key) {
    return (int) number(key);
  }

  /** A string from the config. */
  public String text(String key) {
    if (!(config.get(key) instanceof String s)) {
      throw new IllegalStateException(name + ": config has no string '" + key + "' (has " + config.keySet() + ")");
    }
    return s;
  }

  /** Whether a tensor of that name is in the file. */
  public boolean has(String tensor) {
    return tensors.containsKey(tensor);
  }

  @SuppressWarnings("unchecked")
  public Shape shape(String tensor) {
    List<Object> dims = (List<Object>) tensor(tensor).get("shape");
    return Shape.of(dims.stream().mapToInt(d -> ((Double) d).intValue()).toArray());
  }

  @SuppressWarnings("unchecked")
  public float[] values(String tensor) {
    List<Object> data = (List<Object>) tensor(tensor).get("data");
    float[] out = new float[data.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Double) data.get(i)).floatValue();
    }
    return out;
  }

  /** The tensor uploaded to {@code backend} with its golden shape. */
  public Volume upload(Backend backend, String tensor) {
    return backend.upload(shape(tensor), values(tensor));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> tensor(String tensor) {
    Object t = tensors.get(tensor);
    if (t == null) {
      throw new IllegalStateException(name + ": no tensor '" + tensor + "' (has " + tensors.keySet() + ")");
    }
    return (Map<String, Object>) t;
  }

  @Override
  public String toString() {
    return name;
  }
}
