package dev.convoy.app;

import dev.convoy.api.ConvoyException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception thrown by a command into one line on stderr and an exit code: a {@link
 * ConvoyException} (a problem the user can fix) exits 2, anything else exits 1. Stack traces only
 * with {@code --verbose}.
 */
final class ErrorHandler implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception exception, CommandLine commandLine, ParseResult parsed) {
    Throwable problem = unwrap(exception);
    PrintWriter err = commandLine.getErr();
    boolean verbose = verboseRequested(parsed);
    ConvoyException userProblem = findUserProblem(problem);
    int exitCode;
    if (userProblem != null) {
      err.println("convoy: " + oneLine(userProblem.getMessage()));
      exitCode = ConvoyCli.EXIT_USAGE;
    } else {
      String message = problem.getMessage() == null ? "" : ": " + oneLine(problem.getMessage());
      String hint = problem instanceof OutOfMemoryError
          ? " (give Java more memory, e.g. CONVOY_JAVA_OPTS=-Xmx8g)"
          : verbose ? "" : " (rerun with --verbose for details)";
      err.println("convoy: unexpected " + problem.getClass().getName() + message + hint);
      exitCode = ConvoyCli.EXIT_FAILURE;
    }
    if (verbose) {
      problem.printStackTrace(err);
    }
    err.flush();
    return exitCode;
  }

  /**
   * Runs the chosen command as picocli's default strategy does, but hands an {@link Error} (e.g.
   * a ServiceConfigurationError from a broken plugin jar) to this handler too; picocli lets Errors
   * escape, which would end the JVM with a bare stack trace.
   */
  static int runCatchingErrors(ParseResult parsed) {
    try {
      return new CommandLine.RunLast().execute(parsed);
    } catch (Error e) {
      ParseResult last = parsed;
      while (last.subcommand() != null) {
        last = last.subcommand();
      }
      throw new CommandLine.ExecutionException(last.commandSpec().commandLine(), e.toString(), e);
    }
  }

  /** Whether {@code --verbose} was given to the root or to any subcommand on the way. */
  static boolean verboseRequested(ParseResult parsed) {
    for (ParseResult level = parsed; level != null; level = level.subcommand()) {
      if (level.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  /** An Error arrives wrapped (see {@link #runCatchingErrors}); exceptions arrive as thrown. */
  private static Throwable unwrap(Exception exception) {
    return exception instanceof CommandLine.ExecutionException && exception.getCause() != null
        ? exception.getCause()
        : exception;
  }

  /** The outermost ConvoyException in the cause chain: a user problem even when something wrapped it. */
  private static ConvoyException findUserProblem(Throwable problem) {
    for (Throwable t = problem; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConvoyException convoy) {
        return convoy;
      }
    }
    return null;
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
