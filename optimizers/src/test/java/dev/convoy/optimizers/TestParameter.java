package dev.convoy.optimizers;

import dev.convoy.api.Parameter;
import dev.convoy.api.Volume;

/** A parameter for optimizer tests, trainable or state, decaying by its name as the runtime's do. */
record TestParameter(String name, Volume value, Volume gradient, boolean trainable) implements Parameter {

  TestParameter(String name, Volume value, Volume gradient) {
    this(name, value, gradient, true);
  }
}
