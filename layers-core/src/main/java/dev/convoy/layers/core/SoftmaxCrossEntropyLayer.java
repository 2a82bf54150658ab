package dev.convoy.layers.core;

import dev.convoy.api.Backend;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;

/** The notes' Softmax classifier loss: mean over rows of {@code -log(softmax(scores)[label])}. */
final class SoftmaxCrossEntropyLayer extends ScoreLossLayer {

  SoftmaxCrossEntropyLayer(String name, Shape scoresShape) {
    super(name, scoresShape);
  }

  @Override
  float loss(Backend backend, Volume scores, Volume labels, Volume dScores) {
    return backend.softmaxCrossEntropy(scores, labels, dScores);
  }
}
