package dev.convoy.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BenchCommandTest {
  private static final Pattern LAST = Pattern.compile("median_ms=(\\d+\\.\\d{3}) images_per_s=(\\d+\\.\\d)\\s*$");

  @Test
  void endsWithTheMedianLineAndItsNumbersAgree() {
    for (String mode : new String[] {"--iters", "--train"}) {
      CliRun run = mode.equals("--train")
          ? CliRun.run(CliRun.realProviders(), "bench", "lenet", "--batch", "2", "--train", "--warmup", "1",
              "--iters", "2", "--backend", "reference")
          : CliRun.run(CliRun.realProviders(), "bench", "lenet", "--batch", "2", "--warmup", "1", "--iters", "3",
              "--backend", "reference");
      assertEquals(0, run.exitCode(), run.transcript());
      Matcher m = LAST.matcher(run.out());
      assertTrue(m.find(), run.transcript());
      double median = Double.parseDouble(m.group(1));
      double rate = Double.parseDouble(m.group(2));
      assertTrue(median > 0, run.transcript());
      assertEquals(2 * 1000.0 / median, rate, 0.1 + rate * 1e-3, run.transcript());
      assertTrue(run.out().contains(mode.equals("--train") ? "lenet training, batch 2" : "lenet inference, batch 2"),
          run.transcript());
    }
  }

  @Test
  void profileListsEveryLayersOperationsAndStillEndsWithTheMedianLine() {
    CliRun run = CliRun.run(CliRun.realProviders(), "bench", "lenet", "--batch", "2", "--train", "--warmup", "1",
        "--iters", "2", "--backend", "reference", "--profile");
    assertEquals(0, run.exitCode(), run.transcript());
    assertTrue(LAST.matcher(run.out()).find(), run.transcript());
    String out = run.out();
    assertTrue(out.contains("OPERATION"), run.transcript());
    // Both convolutions forward and backward, told apart by their input shapes, once per iteration.
    for (String line : new String[] {"ConvolutionKernels.forward [2, 1, 28, 28]",
        "ConvolutionKernels.forward [2, 32, 14, 14]", "ConvolutionKernels.accumulateFilterGradient [2, 32, 14, 14]",
        "ConvolutionKernels.backwardData [2, 64, 14, 14]"}) {
      assertTrue(Pattern.compile(Pattern.quote(line) + " +1\\.00 ").matcher(out).find(), line + "\n" + run.transcript());
    }
    assertTrue(out.contains("\nhost_transfers_per_iter=0\n"), "the reference backend's storage is host memory\n" + out);
    assertFalse(out.contains("ConvolutionKernels.backwardData [2, 32, 28, 28]"), "the first layer's input gradient is skipped\n" + out);
  }

  @Test
  void withoutACountItWarmsUpForTheGivenTimeAndSaysHowManyIterationsThatWas() {
    CliRun run = CliRun.run(CliRun.realProviders(), "bench", "lenet", "--batch", "2", "--warmup-seconds", "0.3",
        "--iters", "2", "--backend", "reference");
    assertEquals(0, run.exitCode(), run.transcript());
    assertTrue(run.out().contains("0.3 s of warm-up + 2 timed iterations"), run.transcript());
    Matcher warm = Pattern.compile("warm-up: (\\d+) iterations in (\\d+\\.\\d) s").matcher(run.out());
    assertTrue(warm.find(), run.transcript());
    assertTrue(Integer.parseInt(warm.group(1)) >= 3, "at least three iterations\n" + run.transcript());
    assertTrue(Double.parseDouble(warm.group(2)) >= 0.3, "at least the time asked for\n" + run.transcript());
    assertTrue(LAST.matcher(run.out()).find(), run.transcript());
  }

  @Test
  void nonsenseCountsAreUsageErrors() {
    CliRun run = CliRun.run(CliRun.realProviders(), "bench", "lenet", "--iters", "0");
    assertEquals(2, run.exitCode(), run.transcript());
    assertTrue(run.err().contains("--iters must be at least 1"), run.transcript());
  }
}
