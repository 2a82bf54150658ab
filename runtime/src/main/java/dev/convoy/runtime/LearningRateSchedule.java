package dev.convoy.runtime;

/** The learning rate for each epoch (1-based), set on the optimizer before the epoch starts. */
@FunctionalInterface
public interface LearningRateSchedule {

  float at(int epoch);

  /** The same rate every epoch. */
  static LearningRateSchedule constant(float rate) {
    return epoch -> rate;
  }

  /** Step decay: {@code base * factor^floor((epoch - 1) / every)}; {@code every <= 0} never decays. */
  static LearningRateSchedule step(float base, int every, float factor) {
    return epoch -> every <= 0 ? base : (float) (base * Math.pow(factor, (epoch - 1) / every));
  }

  /**
   * Cosine annealing from {@code base} in epoch 1 towards 0 after {@code epochs} (Loshchilov and
   * Hutter 2017, without restarts): {@code base * (1 + cos(pi * (epoch - 1) / epochs)) / 2}.
   */
  static LearningRateSchedule cosine(float base, int epochs) {
    return epoch -> (float) (base * (1 + Math.cos(Math.PI * (epoch - 1) / Math.max(1, epochs))) / 2);
  }
}
