package dev.convoy.app;

import dev.convoy.api.Backend;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.LossKernels;
import dev.convoy.app.train.TrainedModel;
import dev.convoy.data.ImageLoader;
import dev.convoy.runtime.ProviderRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code convoy predict MODEL IMAGE...}: the top classes with their probabilities, per image. */
@Command(name = "predict", description = "Classifies images (PNG or JPEG, resized to the model's input) and prints "
    + "the top classes with their softmax probabilities.")
final class PredictCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Mixin
  private BackendOption backend;

  @Mixin
  private PluginsOption plugins;

  @Parameters(index = "0", paramLabel = "MODEL",
      description = "A .convoy file written by convoy train, or an .onnx file convoy convert made from one.")
  private Path modelFile;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "IMAGE", description = "Images to classify.")
  private List<Path> images;

  @Option(names = "--top", defaultValue = "5", description = "How many classes to show (default: ${DEFAULT-VALUE}).")
  private int top;

  private final CliEnvironment environment;

  PredictCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    new OptionChecks(spec).atLeast("--top", top, 1);
    for (Path image : images) {
      if (!Files.isRegularFile(image)) {
        throw new ConvoyException("no image file " + image);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    ProviderRegistry registry = plugins.registry(environment);
    try (Backend compute = environment.selector(registry).select(backend.name()).open();
        TrainedModel trained = TrainedModel.load(modelFile, registry, compute, 1)) {
      var item = trained.itemShape();
      List<String> names = trained.metadata().classNames();
      for (Path image : images) {
        float[] pixels = ImageLoader.load(image, item.dim(2), item.dim(1), item.dim(0));
        trained.metadata().normalization().apply(pixels, 0, item.dim(1) * item.dim(2));
        // Pixels are finite; a normalization saved with a zero spread is not.
        new NonFiniteWarning(spec.commandLine().getErr(), image + " (normalized as the model was trained)")
            .check(pixels, pixels.length);
        float[] probabilities = classify(trained, compute, pixels);
        out.println(image);
        for (int k : topIndices(probabilities, Math.min(top, probabilities.length))) {
          String name = k < names.size() ? names.get(k) : "class " + k;
          out.printf(Locale.ROOT, "  %-16s %6.2f%%%n", name, 100 * probabilities[k]);
        }
      }
      out.flush();
    }
    return 0;
  }

  private static float[] classify(TrainedModel trained, Backend compute, float[] pixels) {
    String input = trained.model().network().inputs().getFirst().name();
    try (Volume x = compute.upload(trained.inputShape().withBatch(1), pixels);
        Volume scores = trained.model().infer(Map.of(input, x), List.of(trained.scores())).get(trained.scores());
        Volume probabilities = compute.allocate(scores.shape())) {
      trained.model().kernels().family(LossKernels.class).softmax(scores, probabilities);
      return probabilities.toArray();
    }
  }

  private static int[] topIndices(float[] values, int count) {
    Integer[] order = new Integer[values.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Float.compare(values[b], values[a]));
    int[] best = new int[count];
    for (int i = 0; i < count; i++) {
      best[i] = order[i];
    }
    return best;
  }
}
