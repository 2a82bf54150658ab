package dev.convoy.api;

/**
 * A parameter a layer declares: its local name ({@code weight}, {@code bias}), shape and initial
 * values. The runtime allocates, initialises, saves and optimises it; the layer reads it through
 * {@link LayerContext#param}. Declaring instead of allocating lets {@code summary} count parameters
 * of a 138M-parameter net without allocating one float.
 *
 * <p>{@code trainable} is false for state that the layer updates itself and that must be saved
 * but never optimised, such as batch normalization's running mean and variance (PyTorch calls
 * these buffers). Their {@link Parameter#trainable()} is false, so optimizers leave them alone.
 */
public record ParamSpec(String name, Shape shape, Init init, boolean trainable) {

  /** A trainable parameter, the usual kind. */
  public ParamSpec(String name, Shape shape, Init init) {
    this(name, shape, init, true);
  }

  /** State saved with the model but not trained, e.g. {@code running_mean}. */
  public static ParamSpec state(String name, Shape shape, Init init) {
    return new ParamSpec(name, shape, init, false);
  }
}
