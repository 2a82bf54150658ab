package dev.convoy.runtime;

import dev.convoy.api.Shape;

/** A value fed from outside, e.g. {@code data} with shape {@code [64, 1, 28, 28]}. */
public record NetworkInput(String name, Shape shape) {}
