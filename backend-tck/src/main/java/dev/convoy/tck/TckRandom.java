package dev.convoy.tck;

import java.util.SplittableRandom;

/**
 * Seeded test data: the same seed gives the same values on every JVM, so a failing conformance
 * check can be rerun and its numbers compared.
 */
public final class TckRandom {
  private final SplittableRandom random;

  public TckRandom(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** {@code count} values uniform in {@code [-1, 1)}. */
  public float[] uniform(int count) {
    return uniform(count, -1f, 1f);
  }

  /** {@code count} values uniform in {@code [low, high)}. */
  public float[] uniform(int count, float low, float high) {
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (float) (low + (high - low) * random.nextDouble());
    }
    return values;
  }

  /**
   * {@code count} values whose pairwise gaps are at least about {@code 1/count}: a shuffled ramp
   * in {@code [-1, 1]}. Max pooling and ReLU tested on these have no ties and no values at the kink,
   * so two correct backends cannot disagree on a winner.
   */
  public float[] distinct(int count) {
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = count == 1 ? 0.5f : -1f + 2f * i / (count - 1);
    }
    for (int i = count - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      float t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
    for (int i = 0; i < count; i++) {
      if (values[i] == 0f) {
        values[i] = 0.5f / count;
      }
    }
    return values;
  }

  /** {@code count} class labels in {@code [0, classes)}, stored as floats as the losses expect them. */
  public float[] labels(int count, int classes) {
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = random.nextInt(classes);
    }
    return values;
  }

  /** A whole number in {@code [0, bound)}. */
  public int nextInt(int bound) {
    return random.nextInt(bound);
  }
}
