package dev.convoy.app;

import dev.convoy.api.Attributes;
import dev.convoy.api.Backend;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Optimizer;
import dev.convoy.api.Shape;
import dev.convoy.api.Volume;
import dev.convoy.app.bench.BackendProfile;
import dev.convoy.app.model.ModelFile;
import dev.convoy.runtime.ForwardPass;
import dev.convoy.runtime.InferenceRewrites;
import dev.convoy.runtime.Model;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.ProviderRegistry;
import dev.convoy.runtime.RewrittenModel;
import dev.convoy.zoo.Zoo;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code convoy bench MODEL}: times whole-model inference (or, with {@code --train}, forward +
 * backward + optimizer step) on random input after a warm-up, and reports the median.
 */
@Command(name = "bench", description = {"Times a whole model on random input: warm-up iterations, then timed ones.",
    "Prints a table and ends with the line 'median_ms=<m> images_per_s=<r>'. With --train each iteration is "
        + "forward + backward + a momentum SGD step. Each iteration ends with its result (the scores, or the loss) "
        + "read back to the host, so a device backend's queued work is inside the time."})
final class BenchCommand implements Callable<Integer> {
  /** Fewest warm-up iterations when warming up for a time. */
  private static final int MIN_AUTO_WARMUP = 3;

  @Spec
  private CommandSpec spec;

  @Mixin
  private BackendOption backend;

  @Mixin
  private PluginsOption plugins;

  @Parameters(index = "0", paramLabel = "MODEL",
      description = "A zoo model (lenet, cifar-small, ...) or a .convoy or .onnx file (its network, random weights).")
  private String model;

  @Option(names = "--batch", defaultValue = "1", description = "Images per iteration (default: ${DEFAULT-VALUE}).")
  private int batch;

  @Option(names = "--train", description = "Time training steps instead of inference.")
  private boolean train;

  @Option(names = "--warmup", paramLabel = "N", description = "Untimed iterations first (default: as many as "
      + "--warmup-seconds take, at least " + MIN_AUTO_WARMUP + ").")
  private Integer warmup;

  @Option(names = "--warmup-seconds", paramLabel = "S", defaultValue = "10", description = "Without --warmup, warm up "
      + "for this long (default: ${DEFAULT-VALUE}): the JVM compiles the vector kernels during the first steps, and "
      + "LeNet's training step was 32 ms after 20 warm-up steps, 28-30 ms after 100.")
  private double warmupSeconds;

  @Option(names = "--iters", defaultValue = "10", description = "Timed iterations (default: ${DEFAULT-VALUE}).")
  private int iterations;

  @Option(names = "--profile", description = "Also print the time of every backend operation per timed iteration.")
  private boolean profile;

  @Option(names = "--no-fuse", description = "Time inference on the network as built, without the inference rewrites "
      + "(BatchNorm folded into convolutions; convolution, residual add and activation fused).")
  private boolean noFuse;

  private final CliEnvironment environment;

  BenchCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    if (batch < 1 || iterations < 1 || (warmup != null && warmup < 0) || !(warmupSeconds >= 0)) {
      throw new ConvoyException("--batch and --iters must be at least 1, --warmup and --warmup-seconds at least 0");
    }
    PrintWriter out = spec.commandLine().getOut();
    ProviderRegistry registry = plugins.registry(environment);
    Network network = ModelFile.isFile(model)
        ? ModelFile.read(Path.of(model), registry).inferenceNetwork(batch)
        : Zoo.get(model).build(registry, batch);
    var choice = environment.selector(registry).select(backend.name());
    if (train) {
      network = network.withLoss(registry, LayerSpec.of("SoftmaxCrossEntropy"));
    }
    try (Backend compute = choice.open()) {
      BackendProfile timing = profile ? BackendProfile.of(compute) : null;
      run(out, registry, network, compute, timing, choice.explain());
    }
    return 0;
  }

  private void run(PrintWriter out, ProviderRegistry registry, Network network, Backend compute, BackendProfile timing,
      String backendLine) {
    Backend used = timing == null ? compute : timing.backend();
    try (Model subject = train || noFuse ? Model.create(network, used, 1) : rewritten(out, network, used, registry)) {
      time(out, registry, subject, used, timing, backendLine);
    }
  }

  /**
   * The model as inference runs it (see {@link InferenceRewrites}), after saying what changed; the
   * model it was made from is closed at once, so only one copy of the weights is held while timing.
   */
  private static Model rewritten(PrintWriter out, Network network, Backend used, ProviderRegistry registry) {
    try (Model built = Model.create(network, used, 1)) {
      RewrittenModel rewritten = InferenceRewrites.rewrite(built, registry);
      out.println("inference rewrites: " + rewritten.report() + " (--no-fuse to time the network as built)");
      return rewritten.model();
    }
  }

  private void time(PrintWriter out, ProviderRegistry registry, Model subject, Backend used, BackendProfile timing,
      String backendLine) {
    Network network = subject.network();
    Shape inputShape = network.inputs().getFirst().shape();
    int classes = network.shape(network.outputs().getFirst()).sizePerItem();
    float[] images = random(inputShape.intSize(), 1, 1f);
    float[] classIndices = labels(batch, classes);
    try (Volume x = used.upload(inputShape, images);
        Volume labels = used.upload(Shape.of(batch), classIndices);
        Volume one = used.upload(Shape.of(1), new float[] {1f})) {
      // Every iteration writes its input (and labels) again, as a service or the trainer does with
      // each batch: on a device backend that upload is part of the step's cost.
      Iteration compute = train ? trainingStep(registry, subject, x, labels, one) : inference(subject, x);
      Iteration step = () -> {
        x.write(images);
        if (train) {
          labels.write(classIndices);
        }
        compute.run();
      };
      String warmupText = warmup != null ? warmup + " warm-up"
          : BigDecimal.valueOf(warmupSeconds).stripTrailingZeros().toPlainString() + " s of warm-up";
      out.printf(Locale.ROOT, "%s %s, batch %d, backend %s: %s + %d timed iterations%n", model,
          train ? "training" : "inference", batch, backendLine, warmupText, iterations);
      out.flush();
      warmUp(out, step);
      long transfersBefore = used.hostTransfers();
      if (timing != null) {
        timing.start();
      }
      double[] millis = new double[iterations];
      for (int i = 0; i < iterations; i++) {
        long start = System.nanoTime();
        step.run();
        millis[i] = (System.nanoTime() - start) / 1e6;
      }
      if (timing != null) {
        printProfile(out, timing);
        // Host<->device copies per iteration (0 where the backend's storage is host memory).
        out.printf(Locale.ROOT, "host_transfers_per_iter=%s%n",
            BigDecimal.valueOf((double) (used.hostTransfers() - transfersBefore) / iterations).stripTrailingZeros()
                .toPlainString());
      }
      report(out, millis);
    }
  }

  /** {@code --warmup} iterations, or iterations until {@code --warmup-seconds} have passed (reported). */
  private void warmUp(PrintWriter out, Iteration step) {
    if (warmup != null) {
      for (int i = 0; i < warmup; i++) {
        step.run();
      }
      return;
    }
    long start = System.nanoTime();
    long until = start + (long) (warmupSeconds * 1e9);
    int done = 0;
    while (done < MIN_AUTO_WARMUP || System.nanoTime() < until) {
      step.run();
      done++;
    }
    out.printf(Locale.ROOT, "warm-up: %d iterations in %.1f s%n", done, (System.nanoTime() - start) / 1e9);
    out.flush();
  }

  private void printProfile(PrintWriter out, BackendProfile timing) {
    TablePrinter table = new TablePrinter("OPERATION", "CALLS", "MS", "SHARE");
    for (BackendProfile.Line line : timing.lines(iterations)) {
      table.row(line.operation(), format(line.callsPerIteration()), format(line.millisPerIteration()),
          String.format(Locale.ROOT, "%.1f%%", 100 * line.share()));
    }
    out.println("Backend operations per timed iteration (wall clock, summed over calls):");
    table.print(out);
  }

  @FunctionalInterface
  private interface Iteration {
    void run();
  }

  private static Iteration inference(Model subject, Volume x) {
    String input = subject.network().inputs().getFirst().name();
    // Each iteration ends with the scores on the host, as a service reads them: that also waits for a
    // device backend's queued kernels, which would otherwise still be running when the clock stops.
    return () -> subject.infer(Map.of(input, x)).values().forEach(v -> {
      v.toArray();
      v.close();
    });
  }

  private static Iteration trainingStep(ProviderRegistry registry, Model subject, Volume x, Volume labels, Volume one) {
    Optimizer optimizer = registry.optimizerProvider("momentum").create("momentum",
        Attributes.empty().with("lr", 0.001f));
    String input = subject.network().inputs().getFirst().name();
    return () -> {
      subject.zeroGradients();
      try (ForwardPass pass = subject.forward(Map.of(input, x, Network.LABELS, labels), true)) {
        pass.backwardToParameters(Map.of(Network.LOSS, one));
        // The loss comes back to the host each step, as the trainer reads it; on a device backend
        // (in-order queue) the read also waits for the previous step's optimizer update.
        pass.value(Network.LOSS).toArray();
      }
      optimizer.step(subject.kernels(), subject.parameters());
    };
  }

  private void report(PrintWriter out, double[] millis) {
    double[] sorted = millis.clone();
    Arrays.sort(sorted);
    double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    TablePrinter table = new TablePrinter("ITERATIONS", "MIN_MS", "MEDIAN_MS", "MAX_MS", "IMAGES_PER_S");
    table.row(Integer.toString(millis.length), format(sorted[0]), format(median), format(sorted[sorted.length - 1]),
        format(batch * 1000.0 / median));
    table.print(out);
    out.printf(Locale.ROOT, "median_ms=%.3f images_per_s=%.1f%n", median, batch * 1000.0 / median);
    out.flush();
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  private static float[] random(int size, long seed, float scale) {
    Random random = new Random(seed);
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) random.nextGaussian() * scale;
    }
    return values;
  }

  private static float[] labels(int batch, int classes) {
    float[] labels = new float[batch];
    for (int i = 0; i < batch; i++) {
      labels[i] = i % classes;
    }
    return labels;
  }
}
