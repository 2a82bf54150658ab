package dev.convoy.runtime;

import dev.convoy.api.LayerSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Folds an inference BatchNorm into the Conv before it. With {@code s = gamma / sqrt(var + eps)}
 * per output channel, {@code BN(conv(x, w) + b) = conv(x, w * s) + (b - mean) * s + beta}, so the
 * BatchNorm's pass over the activations disappears. Only where the Conv's output is read by that
 * BatchNorm alone and is not a network output; the folded Conv takes the BatchNorm's name and
 * always has a bias. The folded values are computed in double on the host, then rounded once.
 */
final class BatchNormFolding {
  static final String CONV = "Conv";
  static final String BATCH_NORM = "BatchNorm";
  /** BatchNorm's default epsilon (layers-core, as PyTorch), for a spec that does not give one. */
  private static final float DEFAULT_EPSILON = 1e-5f;

  private BatchNormFolding() {}

  /** Folds every BatchNorm that can be folded; returns how many were. */
  static int apply(RewriteGraph graph) {
    int folded = 0;
    for (RewriteNode batchNorm : graph.nodes()) {
      if (!batchNorm.type().equals(BATCH_NORM) || batchNorm.inputs().size() != 1) {
        continue;
      }
      Optional<RewriteNode> conv = graph.node(batchNorm.inputs().getFirst())
          .filter(c -> c.type().equals(CONV))
          .filter(c -> graph.soleReader(c.name()).map(batchNorm::equals).orElse(false));
      if (conv.isPresent()) {
        graph.replace(List.of(conv.get(), batchNorm), fold(graph, conv.get(), batchNorm));
        folded++;
      }
    }
    return folded;
  }

  private static RewriteNode fold(RewriteGraph graph, RewriteNode conv, RewriteNode batchNorm) {
    float[] weight = graph.values(conv.parameters().get("weight"));
    ParameterSource convBias = conv.parameters().get("bias");
    float[] bias = convBias == null ? null : graph.values(convBias);
    float[] gamma = graph.values(batchNorm.parameters().get("weight"));
    float[] beta = graph.values(batchNorm.parameters().get("bias"));
    float[] mean = graph.values(batchNorm.parameters().get("running_mean"));
    float[] variance = graph.values(batchNorm.parameters().get("running_var"));
    double epsilon = batchNorm.spec().attributes().getFloat("epsilon", DEFAULT_EPSILON);

    int channels = gamma.length;
    int perChannel = weight.length / channels; // weight is [K, C/groups, kh, kw], one block per output channel
    float[] foldedWeight = new float[weight.length];
    float[] foldedBias = new float[channels];
    for (int k = 0; k < channels; k++) {
      double scale = gamma[k] / Math.sqrt((double) variance[k] + epsilon);
      for (int i = k * perChannel; i < (k + 1) * perChannel; i++) {
        foldedWeight[i] = (float) (weight[i] * scale);
      }
      double b = bias == null ? 0 : bias[k];
      foldedBias[k] = (float) ((b - mean[k]) * scale + beta[k]);
    }
    LayerSpec spec = conv.spec().with("bias", 1);
    return new RewriteNode(batchNorm.name(), spec, conv.inputs(), Map.of(
        "weight", new ParameterSource.Computed(foldedWeight),
        "bias", new ParameterSource.Computed(foldedBias)));
  }
}
