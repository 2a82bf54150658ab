package dev.convoy.layers.core;

import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.LossKernels;

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
  void loss(LossKernels kernels, Volume scores, Volume labels, Volume loss, Volume dScores) {
    kernels.multiclassHinge(scores, labels, margin, loss, dScores);
  }
}
