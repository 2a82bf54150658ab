package dev.convoy.app;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A usage mistake: one line with the problem, a "did you mean" and where to read more; exit 2. The
 * synopsis of train alone is ten lines, which buried the one that mattered.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException exception, String[] args) {
    CommandLine command = exception.getCommandLine();
    PrintWriter err = command.getErr();
    String problem = exception.getMessage().strip().replaceAll("\\s*\\R\\s*", " ");
    List<String> suggestions = exception instanceof UnmatchedArgumentException unmatched
        ? unmatched.getSuggestions() : List.of();
    String didYouMean = suggestions.isEmpty() ? "" : " (did you mean " + String.join(" or ", suggestions) + "?)";
    err.println("convoy: " + problem + didYouMean + "; try '" + command.getCommandSpec().qualifiedName()
        + " --help'");
    err.flush();
    return ConvoyCli.EXIT_USAGE;
  }
}
