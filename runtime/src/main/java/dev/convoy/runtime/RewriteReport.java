package dev.convoy.runtime;

/**
 * What {@link InferenceRewrites} did to a network: how many BatchNorms it folded into the Conv
 * before them, how many Convs it fused with the nodes after them into one {@code FusedConv}
 * (of which {@code residualsFused} took in a residual Add), how many per-channel scales (a Mul
 * by constants, imported as a depthwise 1x1 Conv) it folded, and how many Convs with nothing to
 * fuse it put on the fused kernel alone (whose filters are packed once). All zero when nothing
 * applied.
 */
public record RewriteReport(int batchNormsFolded, int convsFused, int residualsFused, int scalesFolded,
    int convsAlone) {

  /** Whether the rewritten network differs from the original. */
  public boolean changed() {
    return batchNormsFolded > 0 || convsFused > 0 || scalesFolded > 0 || convsAlone > 0;
  }

  /** One line for the CLI, e.g. {@code folded 20 BatchNorms into Convs; fused 16 Convs (8 with a residual Add)}. */
  @Override
  public String toString() {
    if (!changed()) {
      return "no inference rewrites applied";
    }
    return "folded " + batchNormsFolded + " BatchNorm" + (batchNormsFolded == 1 ? "" : "s") + " into Convs; fused "
        + convsFused + " Conv" + (convsFused == 1 ? "" : "s") + " with what follows (" + residualsFused
        + " with a residual Add)" + (scalesFolded == 0 ? "" : "; folded " + scalesFolded + " channel scale"
        + (scalesFolded == 1 ? "" : "s") + " into Convs") + (convsAlone == 0 ? "" : "; " + convsAlone + " other Conv"
        + (convsAlone == 1 ? "" : "s") + " on the fused kernel alone");
  }
}
