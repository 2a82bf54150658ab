package dev.convoy.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Reads the real Fashion-MNIST when Debian's package is installed; skipped otherwise. */
class FashionMnistInstalledTest {
  @Test
  void readsTheDebianPackage() {
    assumeTrue(Files.isDirectory(Path.of(FashionMnistLocator.DEBIAN_DIR)),
        "dataset-fashion-mnist is not installed");
    TrainTestSplit split = Datasets.open("fashion-mnist");
    Dataset train = split.train();
    Dataset test = split.test();
    assertEquals(60000, train.size());
    assertEquals(10000, test.size());
    assertEquals(28, train.height());
    assertEquals(28, train.width());
    assertEquals(1, train.channels());
    assertEquals(ClassNames.FASHION_MNIST, train.classNames());
    int[] sixThousand = new int[10];
    java.util.Arrays.fill(sixThousand, 6000);
    assertArrayEquals(sixThousand, train.labelCounts());
    int[] oneThousand = new int[10];
    java.util.Arrays.fill(oneThousand, 1000);
    assertArrayEquals(oneThousand, test.labelCounts());
    // Fashion-MNIST's published training mean and std are about 0.286 and 0.353.
    Normalization norm = Normalization.fit(train);
    assertEquals(0.2860, norm.mean()[0], 1e-3);
    assertEquals(0.3530, norm.std()[0], 1e-3);
  }
}
