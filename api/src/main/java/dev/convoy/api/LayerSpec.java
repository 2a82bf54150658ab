package dev.convoy.api;

import java.util.Objects;

/**
 * What a layer is, without any storage: a type name that a {@link LayerProvider} knows (e.g.
 * {@code Conv}) and its hyperparameters. The same shape as an ONNX node, so checkpoints hold any
 * layer, a plugin's included.
 */
public record LayerSpec(String type, Attributes attributes) {

  public LayerSpec {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(attributes, "attributes");
  }

  public static LayerSpec of(String type) {
    return new LayerSpec(type, Attributes.empty());
  }

  public LayerSpec with(String name, int value) {
    return new LayerSpec(type, attributes.with(name, value));
  }

  public LayerSpec with(String name, float value) {
    return new LayerSpec(type, attributes.with(name, value));
  }

  public LayerSpec with(String name, String value) {
    return new LayerSpec(type, attributes.with(name, value));
  }

  public LayerSpec with(String name, int... value) {
    return new LayerSpec(type, attributes.with(name, value));
  }

  @Override
  public String toString() {
    return type + attributes;
  }
}
