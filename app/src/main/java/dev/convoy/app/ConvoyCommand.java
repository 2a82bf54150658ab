package dev.convoy.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root {@code convoy} command: global options; on its own it only says which commands exist. */
@Command(
    name = "convoy",
    // INHERIT: every command gets --help and a --version that says the same as the root's.
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Convoy: define, train, run and inspect convolutional networks on the JVM.",
    footer = {"", "Exit codes: 0 ok, 1 failure while running, 2 bad usage or bad input."})
final class ConvoyCommand implements Runnable {
  @Spec
  private CommandSpec spec;

  // Inherited, so that "convoy backends --verbose" works too; ErrorHandler reads it from the parse result.
  @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
  private boolean verbose;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(),
        "Missing command: choose one of " + String.join(", ", spec.subcommands().keySet()));
  }
}
