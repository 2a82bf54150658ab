package dev.convoy.data;

import dev.convoy.api.ConvoyException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Holds back a seeded random part of each class as a test set, for data that comes without one
 * (an image folder with no {@code train}/{@code test} sub-folders). Each class with two or more
 * images gives {@code round(n * testFraction)} of them, at least one, to the test set, so every
 * class is tested; the split depends only on the seed.
 */
public final class StratifiedSplit {
  private StratifiedSplit() {}

  public static TrainTestSplit split(Dataset all, double testFraction, long seed) {
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new ConvoyException("the test fraction must be between 0 and 1, got " + testFraction);
    }
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < all.classes(); c++) {
      byClass.add(new ArrayList<>());
    }
    for (int i = 0; i < all.size(); i++) {
      byClass.get(all.label(i)).add(i);
    }
    int[] train = new int[all.size()];
    int[] test = new int[all.size()];
    int trainCount = 0;
    int testCount = 0;
    for (int c = 0; c < byClass.size(); c++) {
      List<Integer> members = byClass.get(c);
      int[] shuffled = members.stream().mapToInt(Integer::intValue).toArray();
      SplittableRandom random = new SplittableRandom(Seeds.derive(seed, c));
      for (int i = shuffled.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = shuffled[i];
        shuffled[i] = shuffled[j];
        shuffled[j] = t;
      }
      int held = shuffled.length < 2 ? 0
          : (int) Math.max(1, Math.min(shuffled.length - 1, Math.round(shuffled.length * testFraction)));
      for (int k = 0; k < shuffled.length; k++) {
        if (k < held) {
          test[testCount++] = shuffled[k];
        } else {
          train[trainCount++] = shuffled[k];
        }
      }
    }
    if (testCount == 0) {
      throw new ConvoyException(all.name() + " has too few images to hold back a test set (every"
          + " class has fewer than two); add images, or provide train/ and test/ sub-folders");
    }
    // Dataset order within each part, so the split is easy to inspect.
    int[] trainIndices = Arrays.copyOf(train, trainCount);
    int[] testIndices = Arrays.copyOf(test, testCount);
    Arrays.sort(trainIndices);
    Arrays.sort(testIndices);
    return new TrainTestSplit(
        all.subset(trainIndices, all.name() + " train"), all.subset(testIndices, all.name() + " test"));
  }
}
