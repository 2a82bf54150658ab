package dev.convoy.app;

import dev.convoy.api.LayerProvider;
import dev.convoy.runtime.ProviderOrigin;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code convoy layers}: every layer type found, with the module, version and jar that provide it. */
@Command(
    name = "layers",
    description = "Lists every layer type found on the module path with the module, version and jar that provide it.")
final class LayersCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Mixin
  private PluginsOption plugins;

  private final CliEnvironment environment;

  LayersCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Map<String, LayerProvider> providers = plugins.registry(environment).layerProviders();
    TablePrinter table = new TablePrinter("TYPE", "MODULE", "VERSION", "SOURCE");
    providers.forEach((type, provider) ->
        table.row(type, ProviderOrigin.module(provider), provider.version(), ProviderOrigin.source(provider)));
    if (table.isEmpty()) {
      out.println("No layer providers found on the module path.");
    } else {
      table.print(out);
      long modules = providers.values().stream().map(ProviderOrigin::module).distinct().count();
      out.println();
      out.println(providers.size() + " layer types from " + modules + " modules");
    }
    out.flush();
    return 0;
  }
}
