package dev.convoy.app.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotesNumbersTest {

  /** Every memory value of the notes' VGG-16 table, from the exact counts it rounds. */
  @Test
  void theNotesRoundingOfTheVggTable() {
    Map<Long, String> notes = new LinkedHashMap<>();
    notes.put(224L * 224 * 3, "150K");
    notes.put(224L * 224 * 64, "3.2M");
    notes.put(112L * 112 * 64, "800K");
    notes.put(112L * 112 * 128, "1.6M");
    notes.put(56L * 56 * 128, "400K");
    notes.put(56L * 56 * 256, "800K");
    notes.put(28L * 28 * 256, "200K");
    notes.put(28L * 28 * 512, "400K");
    notes.put(14L * 14 * 512, "100K");
    notes.put(7L * 7 * 512, "25K");
    notes.put(4096L, "4096");
    notes.put(1000L, "1000");
    notes.forEach((value, text) -> assertEquals(text, NotesNumbers.approximate(value, 2), Long.toString(value)));
  }

  @Test
  void totalsKeepThreeDigitsAndUnitsFollowTheRoundedValue() {
    assertEquals("138M", NotesNumbers.approximate(138_357_544, 3));
    assertEquals("15.2M", NotesNumbers.approximate(15_237_608, 3));
    assertEquals("1M", NotesNumbers.approximate(999_999, 2));
    assertEquals("10K", NotesNumbers.approximate(10_000, 2));
    assertEquals("9999", NotesNumbers.approximate(9_999, 2));
    assertEquals("1.2G", NotesNumbers.approximate(1_234_567_890L, 2));
  }

  @Test
  void groupedAndBytes() {
    assertEquals("102,760,448", NotesNumbers.grouped(102_760_448));
    assertEquals("58.1 MB", NotesNumbers.bytes(15_237_608 * 4.0));
    assertEquals("1.0 KB", NotesNumbers.bytes(1024));
    assertEquals("900 B", NotesNumbers.bytes(900));
    assertEquals("1.5 GB", NotesNumbers.bytes(1.5 * 1024 * 1024 * 1024));
  }

  @Test
  void inputSizesParseInTheNotesOrder() {
    assertEquals(new InputSize(384, 256, 3), InputSize.parse("384x256x3"));
    assertEquals(dev.convoy.api.Shape.nchw(1, 3, 256, 384), InputSize.parse("384x256").toShape(1, 3));
    org.junit.jupiter.api.Assertions.assertThrows(dev.convoy.api.ConvoyException.class, () -> InputSize.parse("384"));
    org.junit.jupiter.api.Assertions.assertThrows(dev.convoy.api.ConvoyException.class, () -> InputSize.parse("0x4x3"));
  }
}
