package dev.convoy.app;

import dev.convoy.runtime.ProviderRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Supplier;
import picocli.CommandLine;

/** Runs the CLI in this JVM with captured output: what a user would see, and the exit code. */
record CliRun(int exitCode, String out, String err) {

  /** The real providers, with no system property or environment variable choosing a backend. */
  static CliEnvironment realProviders() {
    return providers(ProviderRegistry::load);
  }

  static CliEnvironment providers(Supplier<ProviderRegistry> registry) {
    return new CliEnvironment(registry, name -> null, name -> null);
  }

  static CliRun run(CliEnvironment environment, String... args) {
    return run(ConvoyCli.create(environment), args);
  }

  static CliRun run(CommandLine cli, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exitCode = cli.execute(args);
    return new CliRun(exitCode, out.toString(), err.toString());
  }

  /** For assertion messages. */
  String transcript() {
    return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
