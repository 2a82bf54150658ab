package dev.convoy.runtime;

/** What one epoch of training measured; accuracies are fractions in [0, 1]. */
public record EpochResult(int epoch, double trainLoss, double trainAccuracy, double testAccuracy,
    float learningRate, double seconds) {}
