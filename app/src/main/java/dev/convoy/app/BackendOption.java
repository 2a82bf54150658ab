package dev.convoy.app;

import picocli.CommandLine.Option;

/** {@code --backend NAME}, mixed into every command that computes. */
final class BackendOption {
  @Option(names = "--backend", paramLabel = "NAME",
      description = "The backend to use (see 'convoy backends'). Default: -Dconvoy.backend, else CONVOY_BACKEND, "
          + "else the available backend with the highest rank.")
  private String name;

  /** The requested name, or null when the option was not given. */
  String name() {
    return name;
  }
}
