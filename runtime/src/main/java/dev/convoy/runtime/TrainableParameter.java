package dev.convoy.runtime;

import dev.convoy.api.Parameter;
import dev.convoy.api.Volume;

/** A parameter's value and gradient, both owned by the {@link Model} that made them. */
record TrainableParameter(String name, Volume value, Volume gradient) implements Parameter {}
