package dev.convoy.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.ConvoyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarReaderTest {
  @TempDir Path dir;

  @Test
  void readsRecordsAcrossBatchesInNumericOrder() {
    // data_batch_10 sorts before data_batch_2 as text; batches must be read as numbers.
    TestFiles.write(dir.resolve("data_batch_1.bin"), TestFiles.cifarRecords(0, 3));
    TestFiles.write(dir.resolve("data_batch_2.bin"), TestFiles.cifarRecords(3, 2));
    TestFiles.write(dir.resolve("data_batch_10.bin"), TestFiles.cifarRecords(5, 1));
    TestFiles.write(dir.resolve("test_batch.bin"), TestFiles.cifarRecords(100, 4));

    TrainTestSplit split = CifarReader.readFolder(dir);

    Dataset train = split.train();
    assertEquals(6, train.size());
    assertEquals(3, train.channels());
    assertEquals(32, train.height());
    assertEquals(32, train.width());
    assertEquals(ClassNames.CIFAR10, train.classNames());
    float[] image = new float[CifarReader.IMAGE_BYTES];
    for (int i = 0; i < 6; i++) {
      assertEquals(i % 10, train.label(i));
      train.copyImage(i, image, 0);
      // Red plane first, then green, then blue: the file is already CHW.
      for (int k : new int[] {0, 1023, 1024, 2048, 3071}) {
        assertEquals(TestFiles.pixel(i, k) / 255f, image[k], 0f, "image " + i + " value " + k);
      }
    }
    assertEquals(4, split.test().size());
    assertEquals(100 % 10, split.test().label(0));
  }

  @Test
  void classNamesFromMetaFileAndNestedArchiveFolder() throws Exception {
    Path nested = dir.resolve(CifarReader.ARCHIVE_FOLDER);
    TestFiles.write(nested.resolve("data_batch_1.bin"), TestFiles.cifarRecords(0, 2));
    TestFiles.write(nested.resolve("test_batch.bin"), TestFiles.cifarRecords(0, 2));
    List<String> names = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
    Files.write(nested.resolve("batches.meta.txt"), (String.join("\n", names) + "\n\n").getBytes());

    assertTrue(CifarReader.looksLikeCifar(dir));
    assertEquals(names, CifarReader.readFolder(dir).train().classNames());
  }

  @Test
  void lengthNotAMultipleOfARecordIsTruncation() {
    byte[] records = TestFiles.cifarRecords(0, 3);
    Path file = TestFiles.write(dir.resolve("data_batch_1.bin"), Arrays.copyOf(records, records.length - 7));
    ConvoyException e = assertThrows(ConvoyException.class,
        () -> CifarReader.read(List.of(file), ClassNames.CIFAR10, "x"));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("2 records and 3066 bytes left over"), e.getMessage());
  }

  @Test
  void labelOutOfRangeIsCorruption() {
    byte[] records = TestFiles.cifarRecords(0, 2);
    records[CifarReader.RECORD_BYTES] = 57;
    Path file = TestFiles.write(dir.resolve("data_batch_1.bin"), records);
    ConvoyException e = assertThrows(ConvoyException.class,
        () -> CifarReader.read(List.of(file), ClassNames.CIFAR10, "x"));
    assertTrue(e.getMessage().contains("record 1 has label 57"), e.getMessage());
  }

  @Test
  void gzipBatchSaysToUnpack() {
    Path file = TestFiles.write(dir.resolve("data_batch_1.bin"), TestFiles.gzip(TestFiles.cifarRecords(0, 1)));
    ConvoyException e = assertThrows(ConvoyException.class,
        () -> CifarReader.read(List.of(file), ClassNames.CIFAR10, "x"));
    assertTrue(e.getMessage().contains("gzip-compressed"), e.getMessage());
  }

  @Test
  void missingTestBatchIsNamed() {
    TestFiles.write(dir.resolve("data_batch_1.bin"), TestFiles.cifarRecords(0, 1));
    ConvoyException e = assertThrows(ConvoyException.class, () -> CifarReader.readFolder(dir));
    assertTrue(e.getMessage().contains("no test_batch.bin"), e.getMessage());
  }

  @Test
  void emptyFolderIsNotCifar() {
    assertFalse(CifarReader.looksLikeCifar(dir));
  }
}
