package dev.convoy.app;

/** The {@code convoy} command: {@code java --module-path app/target/modules -m dev.convoy.app/dev.convoy.app.Main}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(ConvoyCli.create(CliEnvironment.system()).execute(args));
  }
}
