package dev.convoy.data;

import dev.convoy.api.ConvoyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds and reads the four IDX files of an MNIST-style folder: {@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte},
 * each optionally ending in {@code .gz}; {@code test} may stand for {@code t10k} and a dot for the
 * dash before {@code idx} (both spellings are in circulation).
 */
final class IdxFolder {
  private IdxFolder() {}

  static boolean looksLikeIdx(Path dir) {
    return find(dir, "train", "images-idx3-ubyte") != null
        || find(dir, "t10k", "images-idx3-ubyte") != null;
  }

  /**
   * Reads the training and test files. Class names: the given ones; else {@code classes.txt} in
   * the folder (one name a line); else Fashion-MNIST's when the folder name says "fashion"; else
   * the digits {@code "0"} up to the largest label.
   */
  static TrainTestSplit read(Path dir, List<String> classNames, String name) {
    Path trainImages = require(dir, "train", "images-idx3-ubyte");
    Path trainLabels = require(dir, "train", "labels-idx1-ubyte");
    Path testImages = require(dir, "t10k", "images-idx3-ubyte");
    Path testLabels = require(dir, "t10k", "labels-idx1-ubyte");
    IdxReader.Images trainPixels = IdxReader.readImages(trainImages);
    int[] trainClasses = IdxReader.readLabels(trainLabels);
    IdxReader.checkSameCount(trainImages, trainPixels, trainLabels, trainClasses);
    IdxReader.Images testPixels = IdxReader.readImages(testImages);
    int[] testClasses = IdxReader.readLabels(testLabels);
    IdxReader.checkSameCount(testImages, testPixels, testLabels, testClasses);
    List<String> names = classNames != null ? classNames
        : defaultNames(dir, Math.max(max(trainClasses), max(testClasses)) + 1);
    return new TrainTestSplit(dataset(name + " train", trainPixels, trainClasses, names),
        dataset(name + " test", testPixels, testClasses, names));
  }

  private static Dataset dataset(String name, IdxReader.Images pixels, int[] labels, List<String> names) {
    return new Dataset(name, 1, pixels.rows(), pixels.cols(), pixels.pixels(), labels, names);
  }

  private static List<String> defaultNames(Path dir, int classes) {
    Path listed = dir.resolve("classes.txt");
    if (Files.isRegularFile(listed)) {
      try {
        return Files.readAllLines(listed).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
      } catch (IOException e) {
        throw DataFile.failure(listed, e);
      }
    }
    Path folder = dir.toAbsolutePath().normalize().getFileName();
    if (folder != null && folder.toString().toLowerCase(Locale.ROOT).contains("fashion")
        && classes <= ClassNames.FASHION_MNIST.size()) {
      return ClassNames.FASHION_MNIST;
    }
    return ClassNames.digits(classes);
  }

  private static Path require(Path dir, String split, String kind) {
    Path found = find(dir, split, kind);
    if (found == null) {
      throw new ConvoyException("no " + split + "-" + kind + "[.gz] in " + dir
          + "; an IDX folder needs train-images-idx3-ubyte, train-labels-idx1-ubyte,"
          + " t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (each may end in .gz)");
    }
    return found;
  }

  /** The first existing spelling of {@code <split>-<kind>[.gz]}, or null. */
  static Path find(Path dir, String split, String kind) {
    List<String> splits = split.equals("t10k") ? List.of("t10k", "test") : List.of(split);
    List<String> candidates = new ArrayList<>();
    for (String s : splits) {
      String dotted = kind.replaceFirst("-idx", ".idx");
      for (String k : List.of(kind, dotted)) {
        candidates.add(s + "-" + k);
        candidates.add(s + "-" + k + ".gz");
      }
    }
    for (String candidate : candidates) {
      Path file = dir.resolve(candidate);
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    return null;
  }

  private static int max(int[] values) {
    int m = 0;
    for (int v : values) {
      m = Math.max(m, v);
    }
    return m;
  }
}
