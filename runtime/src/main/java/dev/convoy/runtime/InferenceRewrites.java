package dev.convoy.runtime;

import dev.convoy.api.Backend;
import dev.convoy.api.Parameter;
import dev.convoy.api.Volume;
import dev.convoy.api.kernels.FusedConvolutionKernels;
import java.util.Map;

/**
 * Rewrites a model's network for inference: fewer nodes, fewer passes over the activations, the
 * same results up to float rounding. Two rewrites, in this order:
 *
 * <ol>
 *   <li>every BatchNorm right after a Conv that only it reads is folded into that Conv's weights and
 *       bias (see {@code BatchNormFolding}), then every per-channel scale after one (a Mul by
 *       constants, see {@code ChannelScaleFolding}); done on every backend, as it only changes
 *       parameter values;
 *   <li>every Conv followed by an activation, a residual Add, or an Add then an activation becomes
 *       one {@code FusedConv} (see {@code ConvFusion}), only where the backend implements {@link
 *       FusedConvolutionKernels} itself, as a host fallback would gain nothing.
 * </ol>
 *
 * <p>A rewrite swallows a value only when nothing else reads it and it is not a network output,
 * and the node left keeps the name of the last node it replaces, so the network's outputs (and
 * {@link Model#infer} by those names) stay the same. Intermediate values that were rewritten away
 * can no longer be asked for by name.
 *
 * <p><b>Inference only.</b> The rewritten model is for {@link Model#predict} and {@link Model#infer}:
 * folded BatchNorms use their running statistics, which is right for inference only, and {@code
 * FusedConv} has no backward. Do not train or save it; train the original, which is left untouched,
 * and rewrite again after. Parameters are read from the original once, at rewrite time.
 */
public final class InferenceRewrites {

  private InferenceRewrites() {}

  /** A new model on {@code model}'s backend running the rewritten network; the caller closes it. */
  public static Model apply(Model model, ProviderRegistry registry) {
    return rewrite(model, registry).model();
  }

  /** As {@link #apply}, with a report of what was rewritten (for the CLI to print). */
  public static RewrittenModel rewrite(Model model, ProviderRegistry registry) {
    RewriteGraph graph = new RewriteGraph(model);
    int folded = BatchNormFolding.apply(graph);
    int scales = ChannelScaleFolding.apply(graph);
    ConvFusion.Counts fused = canFuse(model.backend(), registry)
        ? ConvFusion.apply(graph)
        : new ConvFusion.Counts(0, 0, 0);
    Model rewritten = Model.create(graph.build(registry), model.backend(), 0L);
    try {
      copyParameters(graph, rewritten);
    } catch (RuntimeException e) {
      rewritten.close();
      throw e;
    }
    return new RewrittenModel(rewritten, new RewriteReport(folded, fused.convs(), fused.residuals(), scales,
        fused.alone()));
  }

  /** Fusion needs the backend's own fused kernels and a provider of the {@code FusedConv} layer. */
  private static boolean canFuse(Backend backend, ProviderRegistry registry) {
    return backend.nativeFamily(FusedConvolutionKernels.class).isPresent()
        && registry.layerProviders().containsKey(ConvFusion.FUSED_CONV);
  }

  /** Fills every parameter of {@code target} from where the rewrites say it comes from. */
  private static void copyParameters(RewriteGraph graph, Model target) {
    Map<String, ParameterSource> sources = graph.parameterSources();
    Backend backend = target.backend();
    for (Parameter p : target.parameters()) {
      Volume value = p.value();
      switch (sources.get(p.name())) {
        case ParameterSource.Copy copy -> backend.copy(graph.original(copy.qualifiedName()).value(), value);
        case ParameterSource.Computed computed -> value.write(computed.values());
        case null -> throw new IllegalStateException("the rewrites left parameter " + p.name() + " without a value");
      }
    }
  }
}
