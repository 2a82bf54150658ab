package dev.convoy.zoo;

import static dev.convoy.zoo.Specs.RELU;
import static dev.convoy.zoo.Specs.batchNorm;
import static dev.convoy.zoo.Specs.convNoBias;
import static dev.convoy.zoo.Specs.dropout;
import static dev.convoy.zoo.Specs.fc;
import static dev.convoy.zoo.Specs.maxPoolCeil;

import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.ProviderRegistry;

/**
 * GoogLeNet (Szegedy et al. 2014), the notes' "Inception module" case study, as torchvision
 * defines it without the auxiliary heads: every CONV is torchvision's {@code BasicConv2d} (CONV
 * without bias, BatchNorm with epsilon 0.001, RELU), and average pooling replaces the big FC
 * layers, leaving 6,624,904 parameters against AlexNet's 61 million. Node names follow
 * torchvision's modules ({@code inception3a.branch2.1.conv}), so parameter names match its keys.
 */
final class Inception {
  private static final float EPSILON = 1e-3f;

  private Inception() {}

  /** 224 -> 112 (CONV7/2) -> 56 -> 28 -> 14 -> 7 (ceil-mode pools) -> global average -> FC-1000. */
  static Network googlenet(ProviderRegistry registry, Shape input) {
    Graph g = new Graph(registry, input);
    String x = basicConv(g, "conv1", Graph.INPUT, 64, 7, 2, 3);
    x = g.add("maxpool1", maxPoolCeil(3, 2, 0), x);
    x = basicConv(g, "conv2", x, 64, 1, 1, 0);
    x = basicConv(g, "conv3", x, 192, 3, 1, 1);
    x = g.add("maxpool2", maxPoolCeil(3, 2, 0), x);
    x = module(g, "inception3a", x, 64, 96, 128, 16, 32, 32);
    x = module(g, "inception3b", x, 128, 128, 192, 32, 96, 64);
    x = g.add("maxpool3", maxPoolCeil(3, 2, 0), x);
    x = module(g, "inception4a", x, 192, 96, 208, 16, 48, 64);
    x = module(g, "inception4b", x, 160, 112, 224, 24, 64, 64);
    x = module(g, "inception4c", x, 128, 128, 256, 24, 64, 64);
    x = module(g, "inception4d", x, 112, 144, 288, 32, 64, 64);
    x = module(g, "inception4e", x, 256, 160, 320, 32, 128, 128);
    x = g.add("maxpool4", maxPoolCeil(2, 2, 0), x);
    x = module(g, "inception5a", x, 256, 160, 320, 32, 128, 128);
    x = module(g, "inception5b", x, 384, 192, 384, 48, 128, 128);
    x = g.add("avgpool", LayerSpec.of("GlobalAveragePool"), x);
    x = g.add("dropout", dropout(0.2f), x);
    x = g.add("fc", fc(1000), x);
    return g.build(x);
  }

  /**
   * One Inception module: four branches over the same input, concatenated along depth: a 1x1 CONV;
   * a 1x1 reduction then a 3x3; a 1x1 reduction then another 3x3 (the paper's 5x5, which
   * torchvision's weights use a 3x3 for); and a 3x3 max pool (stride 1) then a 1x1 projection.
   */
  static String module(Graph g, String name, String in, int ch1x1, int ch3x3red, int ch3x3, int ch5x5red,
      int ch5x5, int poolProj) {
    String b1 = basicConv(g, name + ".branch1", in, ch1x1, 1, 1, 0);
    String b2 = basicConv(g, name + ".branch2.0", in, ch3x3red, 1, 1, 0);
    b2 = basicConv(g, name + ".branch2.1", b2, ch3x3, 3, 1, 1);
    String b3 = basicConv(g, name + ".branch3.0", in, ch5x5red, 1, 1, 0);
    b3 = basicConv(g, name + ".branch3.1", b3, ch5x5, 3, 1, 1);
    String b4 = g.add(name + ".branch4.0", maxPoolCeil(3, 1, 1), in);
    b4 = basicConv(g, name + ".branch4.1", b4, poolProj, 1, 1, 0);
    return g.add(name, LayerSpec.of("Concat"), b1, b2, b3, b4);
  }

  /** torchvision's {@code BasicConv2d}: CONV (no bias) -> BatchNorm (epsilon 0.001) -> RELU. */
  private static String basicConv(Graph g, String name, String in, int filters, int kernel, int stride, int pad) {
    String x = g.add(name + ".conv", convNoBias(filters, kernel, stride, pad), in);
    x = g.add(name + ".bn", batchNorm(EPSILON), x);
    return g.add(name + ".relu", RELU, x);
  }
}
