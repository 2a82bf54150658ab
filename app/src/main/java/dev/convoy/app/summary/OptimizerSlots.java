package dev.convoy.app.summary;

import dev.convoy.api.Attributes;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.OptimizerProvider;
import dev.convoy.runtime.ProviderRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * How many values of state an optimizer keeps per parameter (SGD none, momentum its velocity,
 * Adam two moments), the notes' "x3 or more with momentum, Adagrad or RMSProp caches". Asked of
 * the optimizer itself when one is installed, else taken from the textbook table below.
 */
public final class OptimizerSlots {
  private static final Map<String, Integer> TEXTBOOK = Map.of(
      "sgd", 0, "momentum", 1, "nesterov", 1, "adagrad", 1, "rmsprop", 1, "adam", 2, "adamw", 2);

  private OptimizerSlots() {}

  /** Slots per parameter of optimizer {@code name}, or an error naming the known ones. */
  public static int of(ProviderRegistry registry, String name) {
    OptimizerProvider provider = registry.optimizerProviders().get(name);
    if (provider != null) {
      try {
        Attributes defaults = provider.hyperparameters(name).contains("lr")
            ? Attributes.empty().with("lr", 0.01f) : Attributes.empty();
        return provider.create(name, defaults).stateSlotsPerParameter();
      } catch (ConvoyException e) {
        // It needs hyperparameters we cannot guess; the table still knows the common ones.
      }
    }
    Integer slots = TEXTBOOK.get(name.toLowerCase(Locale.ROOT));
    if (slots == null) {
      TreeSet<String> known = new TreeSet<>(TEXTBOOK.keySet());
      known.addAll(registry.optimizerProviders().keySet());
      throw new ConvoyException("unknown optimizer '" + name + "' (known: " + String.join(", ", known) + ")");
    }
    return slots;
  }
}
