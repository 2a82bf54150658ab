package dev.convoy.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.ConvoyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
  @TempDir Path dir;

  @Test
  void idxFolderWithMixedSpellingsAndCompression() {
    TestFiles.write(dir.resolve("train-images-idx3-ubyte.gz"), TestFiles.gzip(TestFiles.idxImages(12, 5, 5)));
    TestFiles.write(dir.resolve("train-labels.idx1-ubyte"), TestFiles.idxLabels(12, 10));
    TestFiles.write(dir.resolve("t10k-images-idx3-ubyte"), TestFiles.idxImages(4, 5, 5));
    TestFiles.write(dir.resolve("test-labels-idx1-ubyte.gz"), TestFiles.gzip(TestFiles.idxLabels(4, 3)));

    assertEquals(Optional.of(DataFormat.IDX), DataFormat.detect(dir));
    TrainTestSplit split = Datasets.open(dir.toString());
    assertEquals(12, split.train().size());
    assertEquals(4, split.test().size());
    assertEquals(ClassNames.digits(10), split.train().classNames());
    assertEquals(5, split.test().width());
  }

  @Test
  void idxClassNamesFromClassesFileOrFashionFolderName() throws Exception {
    Path fashion = dir.resolve("my-fashion-data");
    writeIdxFolder(fashion);
    assertEquals(ClassNames.FASHION_MNIST, Datasets.open(fashion.toString()).train().classNames());
    Files.writeString(fashion.resolve("classes.txt"), String.join("\n", ClassNames.digits(10)).replace("1", "one"));
    assertEquals("one", Datasets.open(fashion.toString()).train().classNames().get(1));
  }

  @Test
  void idxFolderMissingAFileSaysWhich() {
    TestFiles.write(dir.resolve("train-images-idx3-ubyte"), TestFiles.idxImages(2, 2, 2));
    ConvoyException e = assertThrows(ConvoyException.class, () -> Datasets.open(dir.toString()));
    assertTrue(e.getMessage().contains("no train-labels-idx1-ubyte[.gz]"), e.getMessage());
  }

  @Test
  void cifarFolder() {
    TestFiles.write(dir.resolve("data_batch_1.bin"), TestFiles.cifarRecords(0, 3));
    TestFiles.write(dir.resolve("test_batch.bin"), TestFiles.cifarRecords(0, 2));
    assertEquals(Optional.of(DataFormat.CIFAR10), DataFormat.detect(dir));
    TrainTestSplit split = Datasets.open(dir.toString());
    assertEquals(3, split.train().size());
    assertEquals(3, split.train().channels());
  }

  @Test
  void imageFolderWithoutTestSetIsSplitBySeed() {
    for (int i = 0; i < 10; i++) {
      TestFiles.writeImage(dir.resolve("cats/" + i + ".png"), TestFiles.solid(6, 6, 0x101010 * i), "png");
      TestFiles.writeImage(dir.resolve("dogs/" + i + ".png"), TestFiles.solid(9, 5, 0xFFFFFF), "png");
    }
    DataOptions options = DataOptions.defaults().withSize(4, 3).withChannels(1).withSeed(3);
    TrainTestSplit split = Datasets.open(dir.toString(), options);
    assertEquals(List.of("cats", "dogs"), split.train().classNames());
    assertEquals(18, split.train().size());
    assertEquals(2, split.test().size());
    assertEquals(1, split.test().channels());
    assertEquals(3, split.test().height());
    assertEquals(4, split.test().width());
  }

  @Test
  void imageFolderWithTrainAndTestFolders() {
    TestFiles.writeImage(dir.resolve("train/a/1.png"), TestFiles.solid(5, 5, 0), "png");
    TestFiles.writeImage(dir.resolve("train/b/1.png"), TestFiles.solid(5, 5, 0), "png");
    TestFiles.writeImage(dir.resolve("train/b/2.png"), TestFiles.solid(5, 5, 0), "png");
    TestFiles.writeImage(dir.resolve("test/b/1.png"), TestFiles.solid(5, 5, 0), "png");
    TrainTestSplit split = Datasets.open(dir.toString());
    assertEquals(3, split.train().size());
    assertEquals(1, split.test().size());
    assertEquals(List.of("a", "b"), split.test().classNames());
    assertEquals(1, split.test().label(0));
  }

  @Test
  void trainFolderWithoutTestIsSplitNotTakenAsAClass() {
    for (int i = 0; i < 4; i++) {
      TestFiles.writeImage(dir.resolve("train/a/" + i + ".png"), TestFiles.solid(5, 5, 0), "png");
      TestFiles.writeImage(dir.resolve("train/b/" + i + ".png"), TestFiles.solid(5, 5, 0), "png");
    }
    TrainTestSplit split = Datasets.open(dir.toString());
    assertEquals(List.of("a", "b"), split.train().classNames());
    assertEquals(6, split.train().size());
    assertEquals(2, split.test().size());
  }

  @Test
  void unrecognisedFolderListsWhatItHolds() throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "hi");
    ConvoyException e = assertThrows(ConvoyException.class, () -> Datasets.open(dir.toString()));
    assertTrue(e.getMessage().contains("cannot tell what this folder holds"), e.getMessage());
    assertTrue(e.getMessage().contains("notes.txt"), e.getMessage());
  }

  @Test
  void namesWithoutPackagesSayWhatToDo() {
    ConvoyException mnist = assertThrows(ConvoyException.class, () -> Datasets.open("mnist"));
    assertTrue(mnist.getMessage().contains("--data DIR"), mnist.getMessage());
    assertTrue(mnist.getMessage().contains("train-images-idx3-ubyte.gz"), mnist.getMessage());
    ConvoyException cifar = assertThrows(ConvoyException.class, () -> Datasets.open("cifar-10"));
    assertTrue(cifar.getMessage().contains("--data DIR"), cifar.getMessage());
  }

  @Test
  void unknownNameOrMissingFolder() {
    String missing = dir.resolve("absent").toString();
    ConvoyException e = assertThrows(ConvoyException.class, () -> Datasets.open(missing));
    assertTrue(e.getMessage().contains("no such folder"), e.getMessage());
    assertTrue(e.getMessage().contains("fashion-mnist"), e.getMessage());
  }

  @Test
  void fashionMnistNameUsesTheLocator() {
    Path fake = dir.resolve("debian");
    writeIdxFolder(fake);
    FashionMnistLocator locator = new FashionMnistLocator(fake, () -> false, cmd -> {
      throw new AssertionError("nothing to install");
    });
    TrainTestSplit split = Datasets.open("fashion-mnist", DataOptions.defaults(), locator);
    assertEquals(ClassNames.FASHION_MNIST, split.train().classNames());
    assertEquals("fashion-mnist train", split.train().name());
  }

  /** The four Debian file names, gzip-compressed, with tiny contents. */
  static void writeIdxFolder(Path folder) {
    TestFiles.write(folder.resolve("train-images-idx3-ubyte.gz"), TestFiles.gzip(TestFiles.idxImages(20, 3, 3)));
    TestFiles.write(folder.resolve("train-labels-idx1-ubyte.gz"), TestFiles.gzip(TestFiles.idxLabels(20, 10)));
    TestFiles.write(folder.resolve("t10k-images-idx3-ubyte.gz"), TestFiles.gzip(TestFiles.idxImages(10, 3, 3)));
    TestFiles.write(folder.resolve("t10k-labels-idx1-ubyte.gz"), TestFiles.gzip(TestFiles.idxLabels(10, 10)));
  }
}
