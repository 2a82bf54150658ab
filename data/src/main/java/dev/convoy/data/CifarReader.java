package dev.convoy.data;

import dev.convoy.api.ConvoyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads CIFAR-10 binary batches ({@code data_batch_1.bin} .. {@code data_batch_5.bin},
 * {@code test_batch.bin}): records of 3073 bytes, one label byte then a 32x32 RGB image as 1024
 * red, 1024 green and 1024 blue bytes (already CHW). Class names come from
 * {@code batches.meta.txt} when it is present, else the standard CIFAR-10 names.
 */
public final class CifarReader {
  public static final int SIDE = 32;
  public static final int IMAGE_BYTES = 3 * SIDE * SIDE;
  public static final int RECORD_BYTES = 1 + IMAGE_BYTES;
  /** The folder the CIFAR-10 binary archive unpacks to. */
  public static final String ARCHIVE_FOLDER = "cifar-10-batches-bin";

  private static final Pattern TRAIN_BATCH = Pattern.compile("data_batch_(\\d{1,9})\\.bin");
  private static final String TEST_BATCH = "test_batch.bin";

  private CifarReader() {}

  /** Whether {@code dir} (or its {@value #ARCHIVE_FOLDER} sub-folder) holds CIFAR-10 batches. */
  public static boolean looksLikeCifar(Path dir) {
    Path batches = batchFolder(dir);
    return Files.isRegularFile(batches.resolve(TEST_BATCH)) || !trainBatches(batches).isEmpty();
  }

  /** Reads all training batches and the test batch of a CIFAR-10 binary folder. */
  public static TrainTestSplit readFolder(Path dir) {
    Path batches = batchFolder(dir);
    List<Path> train = trainBatches(batches);
    Path test = batches.resolve(TEST_BATCH);
    String layout = "; the CIFAR-10 binary archive unpacks to data_batch_1.bin .. data_batch_5.bin"
        + " and test_batch.bin";
    if (train.isEmpty()) {
      throw new ConvoyException("no data_batch_N.bin training files in " + batches + layout);
    }
    if (!Files.isRegularFile(test)) {
      throw new ConvoyException("no " + TEST_BATCH + " in " + batches + layout);
    }
    List<String> names = classNames(batches);
    return new TrainTestSplit(
        read(train, names, "cifar-10 train"), read(List.of(test), names, "cifar-10 test"));
  }

  /** Reads and concatenates the given batch files. */
  public static Dataset read(List<Path> files, List<String> classNames, String name) {
    long records = 0;
    for (Path file : files) {
      records += recordCount(file);
    }
    if (records * IMAGE_BYTES > DataFile.MAX_ARRAY) {
      throw new ConvoyException(name + ": " + records + " CIFAR images need " + records * IMAGE_BYTES
          + " bytes, more than one Java array can hold (2 GiB); pass fewer batch files");
    }
    byte[] pixels = new byte[(int) records * IMAGE_BYTES];
    int[] labels = new int[(int) records];
    int next = 0;
    for (Path file : files) {
      byte[] data;
      try (DataFile in = DataFile.open(file)) {
        data = in.readBytes(in.fileLength(), in.fileLength() / RECORD_BYTES + " CIFAR records");
      }
      for (int r = 0; r < data.length / RECORD_BYTES; r++, next++) {
        int label = data[r * RECORD_BYTES] & 0xFF;
        if (label >= classNames.size()) {
          throw new ConvoyException(file + ": record " + r + " has label " + label + ", but there are "
              + classNames.size() + " classes; the file is corrupt or not a CIFAR-10 batch"
              + " (CIFAR-100 binaries have two label bytes and are not supported)");
        }
        labels[next] = label;
        System.arraycopy(data, r * RECORD_BYTES + 1, pixels, next * IMAGE_BYTES, IMAGE_BYTES);
      }
    }
    return new Dataset(name, 3, SIDE, SIDE, pixels, labels, classNames);
  }

  private static long recordCount(Path file) {
    long length;
    try {
      length = Files.size(file);
    } catch (IOException e) {
      throw DataFile.failure(file, e);
    }
    try (DataFile in = DataFile.open(file)) {
      if (in.gzipped()) {
        throw new ConvoyException(file + " is gzip-compressed; CIFAR-10 batches are read unpacked:"
            + " unpack cifar-10-binary.tar.gz with `tar xzf` and pass the folder it makes");
      }
    }
    if (length == 0 || length % RECORD_BYTES != 0) {
      throw new ConvoyException(file + " has " + length + " bytes, not a whole number of "
          + RECORD_BYTES + "-byte CIFAR-10 records (" + length / RECORD_BYTES + " records and "
          + length % RECORD_BYTES + " bytes left over); the file is truncated or not a CIFAR-10"
          + " binary batch: download it again");
    }
    return length / RECORD_BYTES;
  }

  private static Path batchFolder(Path dir) {
    Path nested = dir.resolve(ARCHIVE_FOLDER);
    return Files.isDirectory(nested) ? nested : dir;
  }

  /** data_batch_N.bin files sorted by N. */
  private static List<Path> trainBatches(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> TRAIN_BATCH.matcher(f.getFileName().toString()).matches())
          .filter(Files::isRegularFile)
          .sorted(Comparator.comparingLong(CifarReader::batchNumber))
          .toList();
    } catch (IOException e) {
      throw DataFile.failure(dir, e);
    }
  }

  private static long batchNumber(Path file) {
    Matcher m = TRAIN_BATCH.matcher(file.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : Long.MAX_VALUE;
  }

  private static List<String> classNames(Path dir) {
    Path meta = dir.resolve("batches.meta.txt");
    if (!Files.isRegularFile(meta)) {
      return ClassNames.CIFAR10;
    }
    try {
      List<String> names = new ArrayList<>();
      for (String line : Files.readAllLines(meta)) {
        if (!line.isBlank()) {
          names.add(line.strip());
        }
      }
      if (names.isEmpty()) {
        throw new ConvoyException(meta + " holds no class names; delete it to use the standard"
            + " CIFAR-10 names");
      }
      return names;
    } catch (IOException e) {
      throw DataFile.failure(meta, e);
    }
  }
}
