package dev.convoy.app;

import dev.convoy.api.BackendProvider;
import dev.convoy.runtime.BackendChoice;
import dev.convoy.runtime.ProviderOrigin;
import dev.convoy.runtime.ProviderRegistry;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code convoy backends}: every backend found, whether it can run here, and which one would run and why. */
@Command(
    name = "backends",
    description = {
      "Lists every backend found on the module path and whether it can run here, then which one would be chosen and why.",
      "Under the table, backends with several devices list them (an OpenCL backend: each platform and device, chosen "
          + "with --backend opencl:P:D).",
      "Choice: --backend, else -Dconvoy.backend, else the CONVOY_BACKEND variable, else the available backend with the "
          + "highest rank.",
      "The second table shows, per available backend, each kernel family as 'native' (the backend's own kernels) or "
          + "'host fallback' (the reference backend's kernels on host copies of the volumes)."
    })
final class BackendsCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Mixin
  private BackendOption backend;

  @Mixin
  private PluginsOption plugins;

  private final CliEnvironment environment;

  BackendsCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ProviderRegistry registry = plugins.registry(environment);
    TablePrinter table = new TablePrinter("NAME", "VERSION", "MODULE", "SOURCE", "RANK", "AVAILABLE", "DESCRIPTION");
    for (BackendProvider provider : registry.backendProviders()) {
      table.row(provider.name(), provider.version(), ProviderOrigin.module(provider), ProviderOrigin.source(provider),
          Integer.toString(provider.rank()), availability(provider), provider.description());
    }
    if (table.isEmpty()) {
      out.println("No backends found on the module path.");
    } else {
      table.print(out);
      printDetails(out, registry);
    }
    out.println();
    FamilyTable.of(registry.backendProviders()).print(out);
    out.println();
    // Fails with exit 2 for an unknown or unavailable name, after the table has shown the known ones.
    BackendChoice choice = environment.selector(registry).select(backend.name());
    out.println("Would choose: " + choice.explain());
    out.flush();
    return 0;
  }

  /** Each provider's extra lines (an OpenCL backend's devices), under its name; nothing for providers without any. */
  private static void printDetails(PrintWriter out, ProviderRegistry registry) {
    for (BackendProvider provider : registry.backendProviders()) {
      List<String> lines;
      try {
        lines = provider.details();
      } catch (RuntimeException | LinkageError e) {
        lines = List.of("details failed: " + e);
      }
      if (!lines.isEmpty()) {
        out.println();
        out.println(provider.name() + ":");
        lines.forEach(line -> out.println("  " + line));
      }
    }
  }

  /** "yes", or "no: why"; a probe that throws is shown, not fatal, so one broken backend cannot hide the others. */
  private static String availability(BackendProvider provider) {
    try {
      BackendProvider.Availability availability = provider.availability();
      return availability.available() ? "yes" : "no: " + availability.reason();
    } catch (RuntimeException | LinkageError e) {
      return "no: availability check failed: " + e;
    }
  }
}
