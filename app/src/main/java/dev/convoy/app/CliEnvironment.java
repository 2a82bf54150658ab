package dev.convoy.app;

import dev.convoy.runtime.BackendSelector;
import dev.convoy.runtime.ProviderRegistry;
import dev.convoy.runtime.plugins.PluginsFolder;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * What commands read from outside: the built-in providers, system properties and environment
 * variables (which also name the plugins folder).
 * Tests pass their own, so that a {@code CONVOY_BACKEND} set on the machine cannot change results.
 */
record CliEnvironment(Supplier<ProviderRegistry> providers, UnaryOperator<String> systemProperties,
    UnaryOperator<String> environmentVariables) {

  /** The providers on this JVM's module path, the real system properties and environment. */
  static CliEnvironment system() {
    return new CliEnvironment(ProviderRegistry::load, System::getProperty, System::getenv);
  }

  /** Loads the providers; each call looks again. */
  ProviderRegistry registry() {
    return providers.get();
  }

  /** The plugins folder named by {@code option} (may be null), else by this environment's property or variable. */
  Optional<PluginsFolder> pluginsFolder(Path option) {
    return PluginsFolder.choose(option, systemProperties, environmentVariables);
  }

  /** Chooses a backend among {@code registry}'s with this environment's property and variable. */
  BackendSelector selector(ProviderRegistry registry) {
    return new BackendSelector(registry, systemProperties, environmentVariables);
  }
}
