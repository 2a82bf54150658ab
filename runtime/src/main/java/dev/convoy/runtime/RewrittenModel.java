package dev.convoy.runtime;

/**
 * A model made by {@link InferenceRewrites} for inference only, and what the rewrites changed. The
 * caller owns {@code model} (close it); the model it was made from is left as it was.
 */
public record RewrittenModel(Model model, RewriteReport report) {}
