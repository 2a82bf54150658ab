package dev.convoy.api;

import java.util.List;

/**
 * One node's computation: a differentiable function from input volumes to one output volume, the
 * way the notes describe every layer (CONV, POOL, FC, RELU, losses).
 *
 * <p><b>Life cycle</b> (as in Caffe): a {@link LayerProvider} checks the spec and the input shapes
 * and makes the layer, which then knows its {@link #outputShape()} and {@link #parameters()}; the
 * runtime allocates the parameters and calls {@link #forward} and, when training, {@link #backward}
 * with the same inputs and the output that forward returned.
 *
 * <p><b>Batch size.</b> Shapes given at creation carry a batch size; {@code forward} must accept
 * the same shapes with any other first dimension (the last batch of an epoch is smaller).
 *
 * <p><b>Threading.</b> A layer instance belongs to one network node and is called by one thread at
 * a time; it may keep what backward needs from the last forward (e.g. max-pool switches) in fields.
 *
 * <p><b>Memory.</b> The runtime owns and closes the volumes a layer returns; a layer closes its own
 * temporaries.
 */
public interface Layer {

  /** The output shape for the input shapes given at creation. */
  Shape outputShape();

  /** The parameters this layer needs; empty for RELU and POOL. */
  default List<ParamSpec> parameters() {
    return List.of();
  }

  /** Computes the output for {@code inputs} (in the node's input order) as a new volume. */
  Volume forward(LayerContext ctx, List<Volume> inputs);

  /**
   * Given the gradient of the loss with respect to this layer's output, returns new volumes holding
   * the gradient with respect to each input (null for an input with no gradient, e.g. labels, or
   * one whose gradient {@link LayerContext#needsInputGradient} says nobody reads) and
   * adds the parameter gradients into {@link LayerContext#paramGradient}.
   */
  List<Volume> backward(LayerContext ctx, List<Volume> inputs, Volume output, Volume outputGradient);
}
