package dev.convoy.api.kernels;

import dev.convoy.api.KernelFamily;
import dev.convoy.api.Volume;

/**
 * Classifiers over scores viewed as {@code [N, K]} with labels {@code [N]} (class indices stored
 * as floats): softmax, the notes' two losses, and the counts a trainer reports. Results stay in
 * volumes, so a trainer reads back one scalar when it reports, not the scores.
 */
public interface LossKernels extends KernelFamily {

  /** Row-wise softmax of {@code scores} into {@code probabilities}. */
  void softmax(Volume scores, Volume probabilities);

  /**
   * Mean softmax cross-entropy into {@code loss} ({@code [1]}), and the gradient of that mean into
   * {@code dScores} unless it is null. Overwrites both.
   */
  void softmaxCrossEntropy(Volume scores, Volume labels, Volume loss, Volume dScores);

  /**
   * Mean multiclass SVM (hinge) loss of the notes into {@code loss}: per row the sum over wrong
   * classes {@code j} of {@code max(0, s_j - s_label + margin)}; its gradient into {@code dScores}
   * unless null. Overwrites both.
   */
  void multiclassHinge(Volume scores, Volume labels, float margin, Volume loss, Volume dScores);

  /** Each row's first highest score's index into {@code indices} ({@code [N]}, as floats). Overwrites it. */
  void argmax(Volume scores, Volume indices);

  /** Adds to {@code correct[0]} the number of rows whose {@link #argmax} equals the label. */
  void accumulateCorrect(Volume scores, Volume labels, Volume correct);
}
