package dev.convoy.runtime;

import dev.convoy.api.Attributes;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.support.Padding;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Folds a per-channel scale (and shift) into the Conv before it: a depthwise 1x1 Conv (one filter
 * per channel, kernel 1, stride 1, no padding, groups equal to the channels), which is how ONNX
 * import writes a Mul by a per-channel or scalar constant, computes {@code s[k] * y[k] + t[k]}; after
 * a Conv, {@code s * (conv(x, w) + b) + t = conv(x, w * s) + (b * s + t)}. Runs after {@link
 * BatchNormFolding}, so a BatchNorm followed by such a scale folds into one Conv. Only where the
 * Conv's output is read by the scale alone and is not a network output; values in double, rounded once.
 */
final class ChannelScaleFolding {
  private ChannelScaleFolding() {}

  /** Folds every scale that can be folded; returns how many were. */
  static int apply(RewriteGraph graph) {
    int folded = 0;
    for (RewriteNode scale : graph.nodes()) {
      if (!scale.type().equals(BatchNormFolding.CONV) || scale.inputs().size() != 1) {
        continue;
      }
      Optional<RewriteNode> conv = graph.node(scale.inputs().getFirst())
          .filter(c -> c.type().equals(BatchNormFolding.CONV))
          .filter(c -> isChannelScale(scale.spec(), c.spec().attributes().getInt("filters", -1)))
          .filter(c -> graph.soleReader(c.name()).map(scale::equals).orElse(false));
      if (conv.isPresent()) {
        graph.replace(List.of(conv.get(), scale), fold(graph, conv.get(), scale));
        folded++;
      }
    }
    return folded;
  }

  /** A depthwise 1x1 Conv over {@code channels} channels that moves nothing in space. */
  static boolean isChannelScale(LayerSpec spec, int channels) {
    Attributes a = spec.attributes();
    return channels > 0 && a.getInt("filters", -1) == channels && a.getInt("groups", 1) == channels
        && allEqual(a.ints("kernel", 2, 1), 1) && allEqual(a.ints("stride", 2, 1), 1)
        && allEqual(a.ints("dilation", 2, 1), 1) && Padding.parse(spec.type(), a).equals(new Padding(0, 0, 0, 0));
  }

  private static boolean allEqual(int[] values, int expected) {
    for (int v : values) {
      if (v != expected) {
        return false;
      }
    }
    return true;
  }

  private static RewriteNode fold(RewriteGraph graph, RewriteNode conv, RewriteNode scale) {
    float[] weight = graph.values(conv.parameters().get("weight"));
    ParameterSource convBias = conv.parameters().get("bias");
    float[] bias = convBias == null ? null : graph.values(convBias);
    float[] factors = graph.values(scale.parameters().get("weight"));
    ParameterSource scaleBias = scale.parameters().get("bias");
    float[] shifts = scaleBias == null ? null : graph.values(scaleBias);
    int channels = factors.length;
    int perChannel = weight.length / channels;
    float[] foldedWeight = new float[weight.length];
    float[] foldedBias = new float[channels];
    for (int k = 0; k < channels; k++) {
      double s = factors[k];
      for (int i = k * perChannel; i < (k + 1) * perChannel; i++) {
        foldedWeight[i] = (float) (weight[i] * s);
      }
      foldedBias[k] = (float) ((bias == null ? 0 : bias[k]) * s + (shifts == null ? 0 : shifts[k]));
    }
    return new RewriteNode(scale.name(), conv.spec().with("bias", 1), conv.inputs(), Map.of(
        "weight", new ParameterSource.Computed(foldedWeight),
        "bias", new ParameterSource.Computed(foldedBias)));
  }
}
