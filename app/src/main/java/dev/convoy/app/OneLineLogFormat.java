package dev.convoy.app;

import java.util.Locale;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * Log records as one line each, {@code convoy: warning: <message>}: the JDK's default takes two
 * lines, the first a timestamp and a class name that mean nothing to a user.
 */
final class OneLineLogFormat extends Formatter {
  @Override
  public String format(LogRecord record) {
    String line = "convoy: " + record.getLevel().getName().toLowerCase(Locale.ROOT) + ": " + formatMessage(record);
    return record.getThrown() == null ? line + System.lineSeparator()
        : line + " (" + record.getThrown() + ")" + System.lineSeparator();
  }
}
