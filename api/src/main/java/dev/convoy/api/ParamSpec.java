package dev.convoy.api;

/**
 * A parameter a layer declares: its local name ({@code weight}, {@code bias}), shape and initial
 * values. The runtime allocates, initialises, saves and optimises it; the layer reads it through
 * {@link LayerContext#param}. Declaring instead of allocating lets {@code summary} count parameters
 * of a 138M-parameter net without allocating one float.
 */
public record ParamSpec(String name, Shape shape, Init init) {}
