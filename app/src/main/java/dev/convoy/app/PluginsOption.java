package dev.convoy.app;

import dev.convoy.runtime.ProviderRegistry;
import dev.convoy.runtime.plugins.Plugin;
import dev.convoy.runtime.plugins.PluginLoader;
import dev.convoy.runtime.plugins.PluginScan;
import dev.convoy.runtime.plugins.PluginsFolder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --plugins DIR}, mixed into every command that needs providers: the built-in ones plus the folder's. */
final class PluginsOption {
  @Option(names = "--plugins", paramLabel = "DIR",
      description = "A folder of plugins: layer, backend or optimizer jars, or a sub-folder of jars for a plugin "
          + "with dependencies (see 'convoy plugins'). Default: -Dconvoy.plugins, else CONVOY_PLUGINS, else none.")
  private Path folder;

  @Spec(Spec.Target.MIXEE)
  private CommandSpec command;

  /**
   * The built-in providers plus those of the plugins folder, if one is named; each plugin that was
   * skipped gets one line on stderr saying why, and the rest are used.
   */
  ProviderRegistry registry(CliEnvironment environment) {
    ProviderRegistry builtIn = environment.registry();
    Optional<PluginScan> scan = scan(environment).map(s -> s.withoutClashes(builtIn));
    if (scan.isEmpty()) {
      return builtIn;
    }
    PrintWriter err = command.commandLine().getErr();
    for (Plugin skipped : scan.get().skipped()) {
      err.println("convoy: plugin " + skipped.describe());
    }
    err.flush();
    return scan.get().registry(builtIn);
  }

  /** The plugins folder's contents, or empty when no folder is named. */
  Optional<PluginScan> scan(CliEnvironment environment) {
    return folder(environment).map(f -> PluginLoader.forHost().load(f.path()));
  }

  /** The folder named by the option, the property or the variable, if any. */
  Optional<PluginsFolder> folder(CliEnvironment environment) {
    return environment.pluginsFolder(folder);
  }
}
