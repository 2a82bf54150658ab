package dev.convoy.app;

import dev.convoy.api.OptimizerProvider;
import dev.convoy.runtime.ProviderOrigin;
import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code convoy optimizers}: every optimizer name found, its hyperparameters and where it comes from. */
@Command(
    name = "optimizers",
    description = "Lists every optimizer found on the module path with its hyperparameters and the module that provides it.")
final class OptimizersCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Mixin
  private PluginsOption plugins;

  private final CliEnvironment environment;

  OptimizersCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Map<String, OptimizerProvider> providers = plugins.registry(environment).optimizerProviders();
    TablePrinter table = new TablePrinter("NAME", "HYPERPARAMETERS", "MODULE", "VERSION", "SOURCE");
    providers.forEach((name, provider) -> table.row(name, String.join(", ", new TreeSet<>(provider.hyperparameters(name))),
        ProviderOrigin.module(provider), moduleVersion(provider), ProviderOrigin.source(provider)));
    if (table.isEmpty()) {
      out.println("No optimizers found on the module path.");
    } else {
      table.print(out);
    }
    out.flush();
    return 0;
  }

  /** OptimizerProvider has no version() as the other SPIs do; its module's version says the same. */
  private static String moduleVersion(Object provider) {
    Module module = provider.getClass().getModule();
    return module.getDescriptor() == null ? "unversioned" : module.getDescriptor().rawVersion().orElse("unversioned");
  }
}
