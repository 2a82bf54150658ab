package dev.convoy.app;

import dev.convoy.api.Backend;
import dev.convoy.app.train.ConfusionTable;
import dev.convoy.app.train.TrainedModel;
import dev.convoy.app.train.WatchedBatches;
import dev.convoy.data.Batcher;
import dev.convoy.data.DataOptions;
import dev.convoy.data.Dataset;
import dev.convoy.data.Datasets;
import dev.convoy.data.TrainingBatches;
import dev.convoy.runtime.Evaluation;
import dev.convoy.runtime.ProviderRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code convoy eval MODEL --data D}: accuracy and confusion matrix on the data's test split. */
@Command(name = "eval", description = "Evaluates a trained model on the test split of a dataset: accuracy and a "
    + "confusion matrix (rows: true class, columns: predicted class).")
final class EvalCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Mixin
  private BackendOption backend;

  @Mixin
  private PluginsOption plugins;

  @Parameters(index = "0", paramLabel = "MODEL",
      description = "A .convoy file written by convoy train, or an .onnx file convoy convert made from one.")
  private Path modelFile;

  @Option(names = "--data", defaultValue = "fashion-mnist", paramLabel = "D",
      description = "fashion-mnist, or a folder of IDX files, CIFAR-10 batches or class sub-folders (default: "
          + "${DEFAULT-VALUE}).")
  private String data;

  @Option(names = "--resize", description = "Resize (and grey or colour) images of an image folder to the model's "
      + "input; without it, images of another size or channel count are an error.")
  private boolean resize;

  @Option(names = "--batch", defaultValue = "100", description = "Images per batch (default: ${DEFAULT-VALUE}).")
  private int batch;

  private final CliEnvironment environment;

  EvalCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    new OptionChecks(spec).atLeast("--batch", batch, 1);
    PrintWriter out = spec.commandLine().getOut();
    ProviderRegistry registry = plugins.registry(environment);
    try (Backend compute = environment.selector(registry).select(backend.name()).open();
        TrainedModel trained = TrainedModel.load(modelFile, registry, compute, batch)) {
      var item = trained.itemShape();
      Dataset test = Datasets.open(data, DataOptions.defaults().withSize(item.dim(2), item.dim(1))
          .withChannels(item.dim(0)).withResize(resize).withInstallIfMissing(true)).test();
      ImageChecks.requireShape(test, item, modelFile);
      ImageChecks.requireClasses(test, trained, modelFile);
      NonFiniteWarning nonFinite = new NonFiniteWarning(spec.commandLine().getErr(), test.name()
          + " (normalized as the model was trained)");
      Evaluation result;
      try (BatchBar bar = BatchBar.onTerminal("evaluating", spec.commandLine().getErr())) {
        result = Evaluation.run(trained.model(), trained.scores(), new WatchedBatches(
            new TrainingBatches(Batcher.inOrder(test, batch, trained.metadata().normalization())),
            (index, total, images, values) -> {
              nonFinite.check(images, values);
              bar.step(index, total);
            }));
      }
      out.printf(Locale.ROOT, "%s on %s (%,d test images)%n%n", modelFile, test.name(), result.total());
      ConfusionTable.print(out, result.confusion(), test.classNames());
      out.printf(Locale.ROOT, "%naccuracy: %.4f (%d of %d)%n", result.accuracy(), result.correct(), result.total());
      out.flush();
    }
    return 0;
  }
}
