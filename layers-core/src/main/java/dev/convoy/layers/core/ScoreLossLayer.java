package dev.convoy.layers.core;

import dev.convoy.api.Backend;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerContext;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.LossKernels;
import java.util.Arrays;
import java.util.List;

/**
 * A loss over class scores {@code [N, K]} and labels {@code [N]} whose output is the mean loss,
 * {@code Shape.of(1)}. The backend's {@link LossKernels} compute the value into that volume and,
 * while training, the score gradient alongside it; forward keeps the gradient for backward, which
 * scales it by the incoming gradient. Nothing is read back to the host: the loss stays a volume
 * until someone reports it.
 */
abstract class ScoreLossLayer implements Layer {
  private static final Shape SCALAR = Shape.of(1);

  private final String name;
  private final Shape scoresShape;
  /** Gradient of the mean loss with respect to the scores of the last training forward; null otherwise. */
  private Volume scoreGradient;

  ScoreLossLayer(String name, Shape scoresShape) {
    this.name = name;
    this.scoresShape = scoresShape;
  }

  /**
   * Writes the mean loss of {@code scores} against {@code labels} into {@code loss} ({@code [1]}) and,
   * unless {@code dScores} is null, its gradient into {@code dScores}.
   */
  abstract void loss(LossKernels kernels, Volume scores, Volume labels, Volume loss, Volume dScores);

  @Override
  public Shape outputShape() {
    return SCALAR;
  }

  @Override
  public Volume forward(LayerContext ctx, List<Volume> inputs) {
    Volume loss = ctx.backend().allocateForOverwrite(SCALAR);
    evaluate(ctx, inputs, loss, ctx.training()); // inference needs no gradient
    return loss;
  }

  @Override
  public List<Volume> backward(LayerContext ctx, List<Volume> inputs, Volume output, Volume outputGradient) {
    Backend backend = ctx.backend();
    Volume scores = inputs.get(0);
    if (scoreGradient == null || !scoreGradient.shape().equals(scores.shape())) {
      try (Volume loss = backend.allocateForOverwrite(SCALAR)) {
        evaluate(ctx, inputs, loss, true); // no training forward of these inputs kept its gradient
      }
    }
    Volume dScores = backend.allocateForOverwrite(scores.shape());
    scale(backend, scoreGradient, outputGradient, dScores);
    return Arrays.asList(dScores, null); // labels have no gradient
  }

  /**
   * {@code out = gradient * factor[0]} on the device, so the one float of the loss's incoming
   * gradient (1 when this is the net's loss) is never read on the host. A GEMM of a column of ones
   * {@code [N*K, 1]} by the factor {@code [1, 1]} spreads it over {@code out} (exactly: one product
   * by 1 per value), then an elementwise multiply scales, rounding as a scale by the factor would,
   * signed zeros included.
   */
  private static void scale(Backend backend, Volume gradient, Volume factor, Volume out) {
    Shape column = Shape.of(gradient.shape().intSize(), 1);
    try (Volume ones = backend.allocateForOverwrite(column); Volume factorView = factor.reshape(Shape.of(1, 1));
        Volume spread = out.reshape(column)) {
      backend.fill(ones, 1f);
      backend.gemm(false, false, 1f, ones, factorView, 0f, spread);
    }
    backend.multiply(gradient, out, out);
  }

  private void evaluate(LayerContext ctx, List<Volume> inputs, Volume loss, boolean keepGradient) {
    Volume scores = inputs.get(0);
    Volume labels = inputs.get(1);
    Shape s = scores.shape();
    if (s.rank() != scoresShape.rank() || s.sizePerItem() != scoresShape.sizePerItem()
        || labels.shape().rank() != 1 || labels.shape().dim(0) != s.n()) {
      throw new ShapeException(name + ": scores " + s + " and labels " + labels.shape() + " do not fit this loss,"
          + " made for scores " + scoresShape + " and labels [" + scoresShape.n() + "]"
          + " (only the batch size may change, the same for both)");
    }
    if (scoreGradient != null) {
      scoreGradient.close();
      scoreGradient = null;
    }
    if (keepGradient) {
      scoreGradient = ctx.backend().allocateForOverwrite(s);
    }
    loss(ctx.family(LossKernels.class), scores, labels, loss, scoreGradient);
  }
}
