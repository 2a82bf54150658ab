package dev.convoy.zoo;

import static dev.convoy.zoo.Specs.RELU;
import static dev.convoy.zoo.Specs.batchNorm;
import static dev.convoy.zoo.Specs.convNoBias;
import static dev.convoy.zoo.Specs.fc;
import static dev.convoy.zoo.Specs.maxPool;

import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.ProviderRegistry;

/**
 * Residual networks (He et al. 2015), the notes' last case study: skip connections, batch
 * normalization after every CONV, and global average pooling instead of FC layers at the end, as
 * torchvision defines them (parameter counts equal torchvision's: ResNet-18 11,689,512).
 */
final class ResNets {
  private ResNets() {}

  static Network resnet18(ProviderRegistry registry, Shape input) {
    return resnet(registry, input, false, 2, 2, 2, 2);
  }

  static Network resnet34(ProviderRegistry registry, Shape input) {
    return resnet(registry, input, false, 3, 4, 6, 3);
  }

  static Network resnet50(ProviderRegistry registry, Shape input) {
    return resnet(registry, input, true, 3, 4, 6, 3);
  }

  /**
   * CONV7-64/2 -> BN -> RELU -> POOL3/2 (pad 1), then four stages of residual blocks with 64, 128,
   * 256, 512 planes (each stage after the first halves the size in its first block), global average
   * pooling and FC-1000. Strided sizes are floored as PyTorch does: 224 -> 112 -> 56 -> 28 -> 14 -> 7.
   */
  private static Network resnet(ProviderRegistry registry, Shape input, boolean bottleneck, int... blocks) {
    Graph g = new Graph(registry, input);
    String x = g.add("conv1", convNoBias(64, 7, 2, 3), Graph.INPUT);
    x = g.add("bn1", batchNorm(1e-5f), x);
    x = g.add("relu", RELU, x);
    x = g.add("maxpool", maxPool(3, 2).with("pad", 1).with("round", "floor"), x);
    int channels = 64;
    for (int stage = 0; stage < blocks.length; stage++) {
      int planes = 64 << stage;
      for (int b = 0; b < blocks[stage]; b++) {
        int stride = stage > 0 && b == 0 ? 2 : 1;
        String block = "layer" + (stage + 1) + "." + b;
        x = bottleneck
            ? ResidualBlocks.bottleneck(g, block, x, channels, planes, stride)
            : ResidualBlocks.basic(g, block, x, channels, planes, stride);
        channels = bottleneck ? 4 * planes : planes;
      }
    }
    x = g.add("avgpool", LayerSpec.of("GlobalAveragePool"), x);
    x = g.add("fc", fc(1000), x);
    return g.build(x);
  }
}
