package dev.convoy.runtime;

import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The common case, a chain: each layer reads the one before. Layers without a name are named by
 * type and position, {@code conv1}, {@code relu1}, {@code maxpool1}, {@code fc1}...
 *
 * <pre>{@code
 * Network net = Sequential.input(registry, Shape.nchw(1, 3, 32, 32))
 *     .conv(12, 3, 1, 1).relu().maxPool(2, 2).fc(10)
 *     .build();
 * }</pre>
 */
public final class Sequential {
  private final NetworkBuilder builder;
  private final Map<String, Integer> counters = new HashMap<>();
  private String last;

  private Sequential(ProviderRegistry registry, String inputName, Shape inputShape) {
    this.builder = Network.builder(registry).input(inputName, inputShape);
    this.last = inputName;
  }

  /** A chain reading the input {@code data}. */
  public static Sequential input(ProviderRegistry registry, Shape shape) {
    return new Sequential(registry, "data", shape);
  }

  public static Sequential input(ProviderRegistry registry, String name, Shape shape) {
    return new Sequential(registry, name, shape);
  }

  /** Appends a layer named {@code name}. */
  public Sequential add(String name, LayerSpec spec) {
    builder.node(name, spec, last);
    last = name;
    return this;
  }

  /** Appends a layer named after its type and position. */
  public Sequential add(LayerSpec spec) {
    String prefix = spec.type().toLowerCase(Locale.ROOT);
    String name;
    do {
      name = prefix + counters.merge(prefix, 1, Integer::sum);
    } while (builder.has(name));
    return add(name, spec);
  }

  /** CONV with K {@code filters} of F x F, stride S, zero padding P. */
  public Sequential conv(int filters, int kernel, int stride, int pad) {
    return add(LayerSpec.of("Conv").with("filters", filters).with("kernel", kernel)
        .with("stride", stride).with("pad", pad));
  }

  public Sequential relu() {
    return add(LayerSpec.of("Relu"));
  }

  /** Max pooling over F x F windows at stride S. */
  public Sequential maxPool(int kernel, int stride) {
    return add(LayerSpec.of("MaxPool").with("kernel", kernel).with("stride", stride));
  }

  /** Fully connected to {@code units} outputs. */
  public Sequential fc(int units) {
    return add(LayerSpec.of("FC").with("units", units));
  }

  public Sequential dropout(float ratio) {
    return add(LayerSpec.of("Dropout").with("ratio", ratio));
  }

  /** The network, returning the last layer's output. */
  public Network build() {
    return builder.output(last).build();
  }
}
