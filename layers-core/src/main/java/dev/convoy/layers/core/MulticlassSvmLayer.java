package dev.convoy.layers.core;

import dev.convoy.api.Backend;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;

/**
 * The notes' multiclass SVM loss: mean over rows of {@code sum_{j != label} max(0, s_j - s_label +
 * margin)}.
 */
final class MulticlassSvmLayer extends ScoreLossLayer {
  private final float margin;

  MulticlassSvmLayer(String name, Shape scoresShape, float margin) {
    super(name, scoresShape);
    this.margin = margin;
  }

  @Override
  float loss(Backend backend, Volume scores, Volume labels, Volume dScores) {
    return backend.multiclassHinge(scores, labels, margin, dScores);
  }
}
