package dev.convoy.runtime;

/**
 * Where a rewritten network's parameter gets its value: copied from a parameter of the original
 * model (on the backend, no host round trip), or computed on the host by a rewrite (folded weights).
 */
sealed interface ParameterSource {

  /** The original model's parameter {@code qualifiedName}, e.g. {@code conv1.weight}. */
  record Copy(String qualifiedName) implements ParameterSource {}

  /** Values computed at rewrite time, in the parameter's row-major order. */
  record Computed(float[] values) implements ParameterSource {}
}
