package dev.convoy.data;

import dev.convoy.api.ConvoyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns a {@code --data} value into a training and a test set. The value is one of:
 * <ul>
 *   <li>{@code fashion-mnist}: Debian's {@code dataset-fashion-mnist} package, see
 *       {@link FashionMnistLocator};</li>
 *   <li>{@code mnist}, {@code cifar-10}: these have no Debian package, so the message says where
 *       to get the files and to pass their folder;</li>
 *   <li>a folder holding IDX files, CIFAR-10 binary batches or an image folder: one sub-folder
 *       per class, either directly or in {@code train/} and {@code test/} (or {@code val/})
 *       sub-folders; without a test set, 10% of each class is held back for testing
 *       ({@link StratifiedSplit}). {@link DataFormat#detect} tells which kind it is.</li>
 * </ul>
 * An existing folder wins over a dataset name of the same spelling.
 */
public final class Datasets {
  /** The share of an image folder without a test set that is held back for testing. */
  public static final double HELD_OUT_FRACTION = 0.1;

  private static final String KINDS = "a folder holding IDX files (train-images-idx3-ubyte ...),"
      + " CIFAR-10 binary batches (data_batch_1.bin ...) or one sub-folder of images per class";

  private Datasets() {}

  public static TrainTestSplit open(String spec) {
    return open(spec, DataOptions.defaults());
  }

  public static TrainTestSplit open(String spec, DataOptions options) {
    return open(spec, options, new FashionMnistLocator());
  }

  static TrainTestSplit open(String spec, DataOptions options, FashionMnistLocator fashion) {
    Path path;
    try {
      path = Path.of(spec);
    } catch (InvalidPathException e) {
      throw new ConvoyException("--data " + spec + ": not a valid folder name (" + e.getReason() + ")");
    }
    if (Files.isDirectory(path)) {
      return openFolder(path, options);
    }
    return switch (spec.toLowerCase(Locale.ROOT)) {
      case "fashion-mnist", "fashion_mnist", "fashionmnist" -> IdxFolder.read(
          fashion.locate(options.installIfMissing()), ClassNames.FASHION_MNIST, "fashion-mnist");
      case "mnist" -> throw new ConvoyException("MNIST has no Debian package: download"
          + " train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz"
          + " and t10k-labels-idx1-ubyte.gz (e.g. from https://ossci-datasets.s3.amazonaws.com/mnist/)"
          + " into a folder and pass --data DIR, or use --data fashion-mnist");
      case "cifar-10", "cifar10", "cifar" -> throw new ConvoyException("CIFAR-10 has no Debian"
          + " package: download cifar-10-binary.tar.gz from https://www.cs.toronto.edu/~kriz/cifar.html,"
          + " unpack it with `tar xzf` and pass --data DIR (the folder it makes)");
      default -> throw new ConvoyException("--data " + spec + ": "
          + (Files.exists(path) ? "is a file, not a folder" : "no such folder")
          + ", and not a known dataset name (fashion-mnist, mnist, cifar-10); pass " + KINDS);
    };
  }

  private static TrainTestSplit openFolder(Path dir, DataOptions options) {
    DataFormat format = DataFormat.detect(dir).orElseThrow(() -> new ConvoyException(
        "--data " + dir + ": cannot tell what this folder holds (" + describe(dir)
            + "); pass " + KINDS));
    String name = String.valueOf(dir.toAbsolutePath().normalize().getFileName());
    return switch (format) {
      case CIFAR10 -> CifarReader.readFolder(dir);
      case IDX -> IdxFolder.read(dir, null, name);
      case IMAGE_FOLDER -> openImageFolder(dir, options, name);
    };
  }

  private static TrainTestSplit openImageFolder(Path dir, DataOptions options, String name) {
    int w = options.width();
    int h = options.height();
    int c = options.channels();
    boolean r = options.resize();
    Path train = dir.resolve("train");
    if (!ImageFolderReader.looksLikeImageFolder(train)) {
      Dataset all = ImageFolderReader.read(dir, null, w, h, c, r, name);
      return StratifiedSplit.split(all, HELD_OUT_FRACTION, options.seed());
    }
    // train/ without test/ (or val/) must not become one class called "train": split it instead.
    Dataset trainSet = ImageFolderReader.read(train, null, w, h, c, r, name + " train");
    for (String testName : new String[] {"test", "val"}) {
      Path test = dir.resolve(testName);
      if (ImageFolderReader.looksLikeImageFolder(test)) {
        return new TrainTestSplit(trainSet,
            ImageFolderReader.read(test, trainSet.classNames(), w, h, c, r, name + " " + testName));
      }
    }
    return StratifiedSplit.split(trainSet, HELD_OUT_FRACTION, options.seed());
  }

  /** A few entries of the folder, for the message when nothing is recognised. */
  private static String describe(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      String listed = entries.map(p -> p.getFileName() + (Files.isDirectory(p) ? "/" : ""))
          .sorted().limit(8).collect(Collectors.joining(", "));
      return listed.isEmpty() ? "it is empty" : "it holds " + listed;
    } catch (IOException e) {
      return "cannot list it: " + e.getMessage();
    }
  }
}
