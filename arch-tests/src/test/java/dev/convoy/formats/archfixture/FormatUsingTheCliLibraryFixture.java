package dev.convoy.formats.archfixture;

import picocli.CommandLine;

/** Breaks "a format needs protobuf and nothing else outside Convoy". Fixture for RulesHaveTeethTest. */
public final class FormatUsingTheCliLibraryFixture {
  public String describe(CommandLine cli) {
    return cli.getCommandName();
  }
}
