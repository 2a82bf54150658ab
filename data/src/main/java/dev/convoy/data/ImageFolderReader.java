package dev.convoy.data;

import dev.convoy.api.ConvoyException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Reads an image folder: one sub-folder per class ({@code root/cat/*.png}, {@code root/dog/*.jpg}),
 * as torchvision's {@code ImageFolder}. Classes are the sub-folder names in sorted order; images
 * are the {@code .png}, {@code .jpg} and {@code .jpeg} files below each (other files are
 * skipped), each resized to one size by {@link ImageLoader}. Hidden files and folders are ignored.
 */
public final class ImageFolderReader {
  private ImageFolderReader() {}

  /** Whether {@code dir} has a sub-folder holding at least one image file. */
  public static boolean looksLikeImageFolder(Path dir) {
    return subfolders(dir).stream().anyMatch(sub -> !images(sub).isEmpty());
  }

  /** The class names of {@code root}: its non-hidden sub-folders, sorted. */
  public static List<String> classNames(Path root) {
    return subfolders(root).stream().map(p -> p.getFileName().toString()).toList();
  }

  /**
   * Reads every image below {@code root}. With {@code classNames} null, the classes are the
   * sub-folders of {@code root} and each must hold an image; otherwise the given classes are
   * used (a test folder may lack some of them) and a sub-folder not among them is an error.
   */
  public static Dataset read(
      Path root, List<String> classNames, int width, int height, int channels, String name) {
    return read(root, classNames, width, height, channels, true, name);
  }

  /**
   * As {@link #read(Path, List, int, int, int, String)}; with {@code resize} false an image of
   * another size or channel count stops the reading with a message naming it.
   */
  public static Dataset read(
      Path root, List<String> classNames, int width, int height, int channels, boolean resize, String name) {
    if (!Files.isDirectory(root)) {
      throw new ConvoyException("image folder " + root + " does not exist");
    }
    List<String> found = classNames(root);
    List<String> classes = classNames == null ? found : classNames;
    for (String folder : found) {
      if (!classes.contains(folder)) {
        throw new ConvoyException(root.resolve(folder) + " is a class folder that the training"
            + " set does not have (its classes are " + classes + "); rename or remove it");
      }
    }
    List<Path> files = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int c = 0; c < classes.size(); c++) {
      List<Path> inClass = images(root.resolve(classes.get(c)));
      if (inClass.isEmpty() && classNames == null) {
        throw new ConvoyException("class folder " + root.resolve(classes.get(c))
            + " holds no .png, .jpg or .jpeg images; add some or remove the folder");
      }
      for (Path file : inClass) {
        files.add(file);
        labels.add(c);
      }
    }
    if (files.isEmpty()) {
      throw new ConvoyException("image folder " + root + " holds no .png, .jpg or .jpeg images in"
          + " class sub-folders; put each class's images in a sub-folder named after the class");
    }
    int imageSize = channels * height * width;
    long total = (long) files.size() * imageSize;
    if (total > DataFile.MAX_ARRAY) {
      throw new ConvoyException(root + ": " + files.size() + " images of " + channels + "x" + height
          + "x" + width + " need " + total + " bytes, more than Convoy holds in memory (2 GiB);"
          + " use a smaller image size or fewer images");
    }
    byte[] pixels = new byte[(int) total];
    // The first alone: a folder of the wrong size fails at once, naming its first file.
    System.arraycopy(ImageLoader.loadBytes(files.getFirst(), width, height, channels, resize), 0, pixels, 0,
        imageSize);
    // Decoding dominates; files are independent, so use every core.
    IntStream.range(1, files.size()).parallel().forEach(i -> System.arraycopy(
        ImageLoader.loadBytes(files.get(i), width, height, channels, resize), 0,
        pixels, i * imageSize, imageSize));
    int[] labelArray = labels.stream().mapToInt(Integer::intValue).toArray();
    return new Dataset(name, channels, height, width, pixels, labelArray, classes);
  }

  private static List<Path> subfolders(Path dir) {
    return list(dir).stream().filter(Files::isDirectory).filter(p -> !hidden(p)).sorted().toList();
  }

  /** Image files anywhere below {@code dir}, sorted by path so the order is reproducible. */
  private static List<Path> images(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk
          .filter(p -> isImageName(p) && Files.isRegularFile(p) && notHidden(dir, p))
          .sorted()
          .toList();
    } catch (IOException | UncheckedIOException e) {
      throw new ConvoyException("cannot list image folder " + dir + ": " + e.getMessage(), e);
    }
  }

  private static boolean notHidden(Path dir, Path file) {
    for (Path part : dir.relativize(file)) {
      if (part.toString().startsWith(".")) {
        return false;
      }
    }
    return true;
  }

  private static boolean isImageName(Path file) {
    String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
  }

  private static boolean hidden(Path p) {
    return p.getFileName() != null && p.getFileName().toString().startsWith(".");
  }

  private static List<Path> list(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.toList();
    } catch (IOException e) {
      throw new ConvoyException("cannot list folder " + dir + ": " + e.getMessage(), e);
    }
  }
}
