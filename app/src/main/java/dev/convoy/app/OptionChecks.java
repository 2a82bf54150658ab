package dev.convoy.app;

import dev.convoy.api.ConvoyException;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Checks of option values that run before a command loads anything, and whose messages quote what
 * the user typed: {@code --lr 1e-50} is too small for a float, not "got 0.0".
 */
final class OptionChecks {
  private final CommandSpec spec;

  OptionChecks(CommandSpec spec) {
    this.spec = spec;
  }

  /** {@code --name VALUE} as typed; the default value when the option was not given. */
  String typed(String name) {
    var parsed = spec.commandLine().getParseResult();
    OptionSpec option = parsed == null ? null : parsed.matchedOption(name);
    if (option != null && !option.originalStringValues().isEmpty()) {
      return name + " " + option.originalStringValues().getLast();
    }
    OptionSpec declared = spec.findOption(name);
    return name + " " + (declared == null ? "" : declared.defaultValue());
  }

  void atLeast(String name, Integer value, int min) {
    if (value != null && value < min) {
      throw new ConvoyException(typed(name) + ": give a whole number, at least " + min);
    }
  }

  /** A positive, finite float that the value typed did not lose to rounding. */
  void positive(String name, Float value) {
    if (value == null) {
      return;
    }
    if (value == 0 && !typed(name).matches(".* [-+]?0*\\.?0*([eE][-+]?\\d+)?")) {
      throw new ConvoyException(typed(name) + " is too small for a 32-bit float, which rounds it to 0; give a number"
          + " of at least " + Float.MIN_NORMAL);
    }
    if (!(value > 0) || Float.isInfinite(value)) {
      throw new ConvoyException(typed(name) + ": give a positive number");
    }
  }

  void finiteAtLeastZero(String name, Float value) {
    if (value != null && !(value >= 0 && Float.isFinite(value))) {
      throw new ConvoyException(typed(name) + ": give a number of 0 or more");
    }
  }

  /** In [0, 1): a momentum or decay that keeps what it averages bounded. */
  void fraction(String name, Float value) {
    if (value != null && !(value >= 0 && value < 1)) {
      throw new ConvoyException(typed(name) + ": give a number from 0 up to (not including) 1");
    }
  }

  void oneOf(String name, String value, List<String> known) {
    if (!known.contains(value)) {
      throw new ConvoyException(typed(name) + " is not one of " + String.join(", ", known));
    }
  }
}
