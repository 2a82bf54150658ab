package dev.convoy.app;

import dev.convoy.api.ConvoyException;
import dev.convoy.app.summary.InputSize;
import dev.convoy.app.summary.NetworkSummary;
import dev.convoy.app.summary.OptimizerSlots;
import dev.convoy.app.summary.SummaryReport;
import dev.convoy.app.summary.SummarySource;
import dev.convoy.app.summary.TrainingMemory;
import dev.convoy.runtime.ProviderRegistry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code convoy summary MODEL}: the notes' VGG table for any model, one row per layer with its
 * output volume, memory and weights, then the totals and the memory training would need.
 */
@Command(name = "summary", description = "Prints the notes' per-layer table of a model (output volume, memory and "
    + "weights of every layer), the totals, and the memory training would need. Builds shapes only, so even VGG-16 "
    + "costs nothing.")
final class SummaryCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Mixin
  private PluginsOption plugins;

  @Parameters(index = "0", paramLabel = "MODEL",
      description = "A zoo model (lenet, lenet5, alexnet, zfnet, vgg16, googlenet, resnet18, ...), a .convoy or an .onnx "
          + "file.")
  private String model;

  @Option(names = "--input", paramLabel = "WxHxD",
      description = "Build the model for images of this size, e.g. 384x384x3 (default: the model's own).")
  private String input;

  @Option(names = "--batch", defaultValue = "1", paramLabel = "N",
      description = "Images per batch for the training memory estimate (default: ${DEFAULT-VALUE}).")
  private int batch;

  @Option(names = "--optimizer", defaultValue = "momentum", paramLabel = "NAME",
      description = "Optimizer whose state the estimate counts: sgd (none), momentum (1 value per parameter), "
          + "adam (2)... (default: ${DEFAULT-VALUE}).")
  private String optimizer;

  @Option(names = "--all-nodes",
      description = "Give every node its own row and memory, RELU and dropout included (by default they appear on "
          + "the row of the layer they follow, as the notes count them).")
  private boolean allNodes;

  private final CliEnvironment environment;

  SummaryCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    if (batch < 1) {
      throw new ConvoyException("--batch must be at least 1, got " + batch);
    }
    ProviderRegistry registry = plugins.registry(environment);
    int slots = OptimizerSlots.of(registry, optimizer);
    SummarySource source = SummarySource.load(model, registry, input == null ? null : InputSize.parse(input));
    NetworkSummary summary = NetworkSummary.of(source.network(), allNodes);
    String inputText = source.network().inputs().getFirst().shape().toNotesString();
    SummaryReport.print(spec.commandLine().getOut(), source.title() + ": " + inputText + " input",
        summary, TrainingMemory.of(summary, batch, optimizer, slots));
    return 0;
  }
}
