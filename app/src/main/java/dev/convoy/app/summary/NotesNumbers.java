package dev.convoy.app.summary;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Numbers written the way the notes' VGG table writes them: counts below 10,000 in full
 * ({@code 4096}), larger ones rounded to a few significant digits with K, M or G ({@code 150K},
 * {@code 3.2M}, {@code 800K} for 802,816); exact counts with thousands separators
 * ({@code 102,760,448}); bytes in binary units ({@code 58.1 MB}).
 */
public final class NotesNumbers {
  private static final String[] UNITS = {"", "K", "M", "G", "T"};

  private NotesNumbers() {}

  /** {@code value} to {@code significant} digits with a K/M/G suffix; below 10,000 in full. */
  public static String approximate(long value, int significant) {
    if (Math.abs(value) < 10_000) {
      return Long.toString(value);
    }
    BigDecimal rounded = new BigDecimal(value).round(new MathContext(significant, RoundingMode.HALF_UP));
    int unit = 0;
    // Choose the unit after rounding, so 999,999 becomes 1M rather than 1000K.
    while (unit < UNITS.length - 1 && rounded.abs().compareTo(BigDecimal.TEN.pow(3 * (unit + 1))) >= 0) {
      unit++;
    }
    BigDecimal scaled = rounded.movePointLeft(3 * unit).stripTrailingZeros();
    return scaled.toPlainString() + UNITS[unit];
  }

  /** {@code 102,760,448}. */
  public static String grouped(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  /** Bytes in binary units with one decimal: {@code 58.1 MB}, {@code 1.6 GB}, {@code 900 B}. */
  public static String bytes(double bytes) {
    int unit = 0;
    double scaled = bytes;
    while (unit < UNITS.length - 1 && Math.abs(scaled) >= 1024) {
      scaled /= 1024;
      unit++;
    }
    return unit == 0
        ? String.format(Locale.ROOT, "%.0f B", scaled)
        : String.format(Locale.ROOT, "%.1f %sB", scaled, UNITS[unit]);
  }
}
