package dev.convoy.app;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The {@code convoy} command: {@code java --module-path app/target/modules -m dev.convoy.app/dev.convoy.app.Main}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    quietLogsUnlessVerbose(args);
    System.exit(ConvoyCli.create(CliEnvironment.system()).execute(args));
  }

  /**
   * Providers log what they chose (e.g. the simd backend's vector width) at INFO; a user sees that
   * with --verbose, while a plain command's stderr keeps to what went wrong.
   */
  private static void quietLogsUnlessVerbose(String[] args) {
    Level level = java.util.Arrays.asList(args).contains("--verbose") ? Level.INFO : Level.WARNING;
    Logger root = Logger.getLogger("");
    root.setLevel(level);
    for (Handler handler : root.getHandlers()) {
      handler.setLevel(level);
      handler.setFormatter(new OneLineLogFormat());
    }
  }
}
