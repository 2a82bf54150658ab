package dev.convoy.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.ShapeException;
import java.util.ServiceConfigurationError;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Exit codes and error output of DESIGN.md: 0 ok, 1 failure while running, 2 bad usage or bad input. */
class ExitCodeTest {

  /** A command that throws what it is given. */
  @Command(name = "boom")
  static final class Boom implements Callable<Integer> {
    private final Supplier<Throwable> problem;

    Boom(Supplier<Throwable> problem) {
      this.problem = problem;
    }

    @Override
    public Integer call() throws Exception {
      Throwable t = problem.get();
      if (t instanceof Error error) {
        throw error;
      }
      throw (Exception) t;
    }
  }

  private static CliRun boom(Supplier<Throwable> problem, String... args) {
    CommandLine cli = ConvoyCli.create(CliRun.realProviders());
    cli.addSubcommand(new Boom(problem));
    return CliRun.run(cli, args);
  }

  @Test
  void aConvoyExceptionIsOneLineAndExitTwo() {
    CliRun run = boom(() -> new ConvoyException("conv1: filter 3x3 does not fit\n  input 2x2"), "boom");

    assertEquals(2, run.exitCode(), run.transcript());
    assertEquals("convoy: conv1: filter 3x3 does not fit input 2x2" + System.lineSeparator(), run.err(), run.transcript());
    assertEquals("", run.out(), run.transcript());
  }

  @Test
  void subclassesAndWrappedConvoyExceptionsAreUserProblemsToo() {
    CliRun shape = boom(() -> new ShapeException("pool1: 5 is not divisible"), "boom");
    CliRun wrapped = boom(() -> new IllegalStateException("loading", new ConvoyException("bad attribute")), "boom");

    assertEquals(2, shape.exitCode(), shape.transcript());
    assertTrue(shape.err().contains("pool1: 5 is not divisible"), shape.transcript());
    assertEquals(2, wrapped.exitCode(), wrapped.transcript());
    assertEquals("convoy: bad attribute" + System.lineSeparator(), wrapped.err(), wrapped.transcript());
  }

  @Test
  void verbosePrintsTheStackTraceWhereverItIsGiven() {
    CliRun atRoot = boom(() -> new ConvoyException("nope"), "--verbose", "boom");
    CliRun atCommand = boom(() -> new ConvoyException("nope"), "boom", "--verbose");

    for (CliRun run : new CliRun[] {atRoot, atCommand}) {
      assertEquals(2, run.exitCode(), run.transcript());
      assertTrue(run.err().startsWith("convoy: nope"), run.transcript());
      assertTrue(run.err().contains("at dev.convoy.app"), run.transcript());
    }
  }

  @Test
  void anyOtherExceptionIsExitOneWithAHint() {
    CliRun run = boom(() -> new IllegalStateException("kernel broke"), "boom");

    assertEquals(1, run.exitCode(), run.transcript());
    assertEquals(1, run.err().lines().count(), run.transcript());
    assertTrue(run.err().contains("kernel broke"), run.transcript());
    assertTrue(run.err().contains("rerun with --verbose for details"), run.transcript());
  }

  @Test
  void anErrorIsExitOneNamingTheErrorNotPicocli() {
    CliRun run = boom(() -> new ServiceConfigurationError("provider X could not be instantiated"), "boom");

    assertEquals(1, run.exitCode(), run.transcript());
    assertTrue(run.err().startsWith("convoy: unexpected java.util.ServiceConfigurationError: provider X"),
        run.transcript());
    assertFalse(run.err().contains("\tat "), run.transcript());
  }

  @Test
  void runningOutOfMemorySaysHowToGiveMore() {
    CliRun run = boom(() -> new OutOfMemoryError("Java heap space"), "boom");

    assertEquals(1, run.exitCode(), run.transcript());
    assertTrue(run.err().contains("Java heap space") && run.err().contains("CONVOY_JAVA_OPTS=-Xmx"), run.transcript());
  }

  @Test
  void usageMistakesExitTwoInOneLineWithAHint() {
    CliRun unknownOption = CliRun.run(CliRun.realProviders(), "backends", "--bakend", "x");
    CliRun unknownCommand = CliRun.run(CliRun.realProviders(), "bakends");
    CliRun noCommand = CliRun.run(CliRun.realProviders());

    assertEquals(2, unknownOption.exitCode(), unknownOption.transcript());
    assertTrue(unknownOption.err().contains("--backend"), "suggests the right spelling\n" + unknownOption.transcript());
    assertTrue(unknownOption.err().contains("try 'convoy backends --help'"), unknownOption.transcript());
    assertEquals(1, unknownOption.err().lines().count(), "one line: " + unknownOption.transcript());
    assertEquals(2, unknownCommand.exitCode(), unknownCommand.transcript());
    assertTrue(unknownCommand.err().contains("try 'convoy --help'"), unknownCommand.transcript());
    assertEquals(1, unknownCommand.err().lines().count(), "one line: " + unknownCommand.transcript());
    CliRun badNumber = CliRun.run(CliRun.realProviders(), "train", "--epochs", "two");
    assertEquals(2, badNumber.exitCode(), badNumber.transcript());
    assertEquals(1, badNumber.err().lines().count(), "one line, not train's synopsis: " + badNumber.transcript());
    assertEquals(2, noCommand.exitCode(), noCommand.transcript());
    assertTrue(noCommand.err().contains("Missing command") && noCommand.err().contains("backends"),
        noCommand.transcript());
  }
}
