package dev.convoy.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class OneLineLogFormatTest {
  @Test
  void aWarningIsOneLineWithItsParametersFilledIn() {
    LogRecord record = new LogRecord(Level.WARNING, "compiling kernels on {0} ({1} ms)");
    record.setParameters(new Object[] {"pocl", "2204"});
    assertEquals("convoy: warning: compiling kernels on pocl (2204 ms)" + System.lineSeparator(),
        new OneLineLogFormat().format(record));
  }
}
