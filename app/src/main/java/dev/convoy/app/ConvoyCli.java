package dev.convoy.app;

import picocli.CommandLine;
import picocli.CommandLine.HelpCommand;

/** Assembles the {@code convoy} command line: the root, every command, and how errors become exit codes. */
final class ConvoyCli {
  /** Bad usage or bad input: a wrong option, an unknown name, a model that does not fit. */
  static final int EXIT_USAGE = 2;
  /** Something failed while running. */
  static final int EXIT_FAILURE = 1;

  private ConvoyCli() {}

  /** The command line for {@code environment}; callers may redirect its writers before {@code execute}. */
  static CommandLine create(CliEnvironment environment) {
    CommandLine cli = new CommandLine(new ConvoyCommand());
    cli.addSubcommand(new BackendsCommand(environment));
    cli.addSubcommand(new LayersCommand(environment));
    cli.addSubcommand(new OptimizersCommand(environment));
    cli.addSubcommand(new TrainCommand(environment));
    cli.addSubcommand(new EvalCommand(environment));
    cli.addSubcommand(new PredictCommand(environment));
    cli.addSubcommand(new PluginsCommand(environment));
    cli.addSubcommand(new BenchCommand(environment));
    cli.addSubcommand(new SummaryCommand(environment));
    cli.addSubcommand(new ConvertCommand(environment));
    cli.addSubcommand(new RunCommand(environment));
    cli.addSubcommand("help", new HelpCommand());
    cli.setParameterExceptionHandler(new UsageErrorHandler());
    cli.setExecutionStrategy(ErrorHandler::runCatchingErrors);
    cli.setExecutionExceptionHandler(new ErrorHandler());
    return cli;
  }
}
