package dev.convoy.layers.core;

import dev.convoy.api.Backend;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerContext;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import dev.convoy.api.Volume;
import java.util.Arrays;
import java.util.List;

/**
 * A loss over class scores {@code [N, K]} and labels {@code [N]} whose output is the mean loss,
 * {@code Shape.of(1)}. The backend's loss kernel computes the score gradient alongside the value;
 * forward keeps it for backward, which scales it by the incoming gradient.
 */
abstract class ScoreLossLayer implements Layer {
  private final String name;
  private final Shape scoresShape;
  /** Gradient of the mean loss with respect to the scores of the last forward. */
  private Volume scoreGradient;

  ScoreLossLayer(String name, Shape scoresShape) {
    this.name = name;
    this.scoresShape = scoresShape;
  }

  /** The mean loss of {@code scores} against {@code labels}; writes its gradient into {@code dScores}. */
  abstract float loss(Backend backend, Volume scores, Volume labels, Volume dScores);

  @Override
  public Shape outputShape() {
    return Shape.of(1);
  }

  @Override
  public Volume forward(LayerContext ctx, List<Volume> inputs) {
    float value = evaluate(ctx.backend(), inputs);
    return ctx.backend().upload(Shape.of(1), new float[] {value});
  }

  @Override
  public List<Volume> backward(LayerContext ctx, List<Volume> inputs, Volume output, Volume outputGradient) {
    Backend backend = ctx.backend();
    if (scoreGradient == null || !scoreGradient.shape().equals(inputs.get(0).shape())) {
      evaluate(backend, inputs); // no forward of these inputs kept its gradient
    }
    Volume dScores = backend.allocate(inputs.get(0).shape());
    backend.copy(scoreGradient, dScores);
    // The one float of the loss's incoming gradient (1 when this is the net's loss) is read on the host.
    float scale = outputGradient.toArray()[0];
    if (scale != 1f) {
      backend.scale(dScores, scale);
    }
    return Arrays.asList(dScores, null); // labels have no gradient
  }

  private float evaluate(Backend backend, List<Volume> inputs) {
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
    }
    scoreGradient = backend.allocate(s);
    return loss(backend, scores, labels, scoreGradient);
  }
}
