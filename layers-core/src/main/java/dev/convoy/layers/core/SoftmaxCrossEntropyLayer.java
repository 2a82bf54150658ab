package dev.convoy.layers.core;

import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.LossKernels;

/** The notes' Softmax classifier loss: mean over rows of {@code -log(softmax(scores)[label])}. */
final class SoftmaxCrossEntropyLayer extends ScoreLossLayer {

  SoftmaxCrossEntropyLayer(String name, Shape scoresShape) {
    super(name, scoresShape);
  }

  @Override
  void loss(LossKernels kernels, Volume scores, Volume labels, Volume loss, Volume dScores) {
    kernels.softmaxCrossEntropy(scores, labels, loss, dScores);
  }
}
