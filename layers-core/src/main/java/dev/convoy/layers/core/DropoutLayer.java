package dev.convoy.layers.core;

import dev.convoy.api.Layer;
import dev.convoy.api.LayerContext;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Inverted dropout: while training each value is kept with probability {@code 1 - ratio} and scaled
 * by {@code 1 / (1 - ratio)}, so inference is a plain copy with the same expected values. The mask
 * is drawn on the host from {@link LayerContext#random()} (so one seed gives one mask on every
 * backend) and uploaded; it is kept for the backward pass.
 */
final class DropoutLayer implements Layer {
  private final Shape shape;
  private final float ratio;
  /** The last training forward's mask (0 or 1/(1-ratio) per value); null after an identity forward. */
  private Volume mask;

  DropoutLayer(Shape shape, float ratio) {
    this.shape = shape;
    this.ratio = ratio;
  }

  @Override
  public Shape outputShape() {
    return shape;
  }

  @Override
  public Volume forward(LayerContext ctx, List<Volume> inputs) {
    Volume x = inputs.get(0);
    Volume y = ctx.backend().allocate(x.shape());
    releaseMask();
    if (!ctx.training() || ratio == 0f) {
      ctx.backend().copy(x, y);
      return y;
    }
    mask = ctx.backend().upload(x.shape(), drawMask(ctx.random(), x.shape().intSize()));
    ctx.backend().multiply(x, mask, y);
    return y;
  }

  @Override
  public List<Volume> backward(LayerContext ctx, List<Volume> inputs, Volume output, Volume outputGradient) {
    Volume dx = ctx.backend().allocate(inputs.get(0).shape());
    if (mask == null) {
      ctx.backend().copy(outputGradient, dx);
    } else {
      ctx.backend().multiply(outputGradient, mask, dx);
    }
    return List.of(dx);
  }

  private float[] drawMask(RandomGenerator random, int size) {
    float keptValue = 1f / (1f - ratio);
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = random.nextFloat() >= ratio ? keptValue : 0f;
    }
    return values;
  }

  private void releaseMask() {
    if (mask != null) {
      mask.close();
      mask = null;
    }
  }
}
