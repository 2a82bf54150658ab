package dev.convoy.api;

/** A trainable tensor as an {@link Optimizer} sees it: a unique name, its value and its gradient. */
public interface Parameter {

  /** Unique in the network, e.g. {@code conv1.weight}; optimizers key their state by it. */
  String name();

  Volume value();

  Volume gradient();

  /**
   * Whether an optimizer may update it. False for state a layer keeps itself (batch
   * normalization's running statistics, declared with {@link ParamSpec#state}); optimizers must
   * skip such parameters, which are saved and loaded like the others.
   */
  default boolean trainable() {
    return true;
  }

  /** Whether weight decay applies (weights yes, biases no, as is customary). */
  default boolean decays() {
    return !name().endsWith("bias");
  }
}
