package dev.convoy.zoo;

import static dev.convoy.zoo.Specs.RELU;
import static dev.convoy.zoo.Specs.batchNorm;
import static dev.convoy.zoo.Specs.convNoBias;

import dev.convoy.api.LayerSpec;

/**
 * The two residual blocks of He et al. 2015 as torchvision builds them, named like torchvision's
 * modules ({@code layer2.0.conv1}) so that parameter names match its {@code state_dict} keys.
 * A block computes {@code relu(F(x) + shortcut(x))}; the shortcut is {@code x} itself unless the
 * block changes the size or depth, when it is a 1x1 CONV (stride S) and a BatchNorm.
 */
final class ResidualBlocks {
  private static final LayerSpec ADD = LayerSpec.of("Add");
  private static final float EPSILON = 1e-5f;

  private ResidualBlocks() {}

  /** BasicBlock (ResNet-18/34): CONV3 (stride S) -> BN -> RELU -> CONV3 -> BN, plus the shortcut; depth {@code planes}. */
  static String basic(Graph g, String block, String in, int inChannels, int planes, int stride) {
    String x = g.add(block + ".conv1", convNoBias(planes, 3, stride, 1), in);
    x = g.add(block + ".bn1", batchNorm(EPSILON), x);
    x = g.add(block + ".relu1", RELU, x);
    x = g.add(block + ".conv2", convNoBias(planes, 3, 1, 1), x);
    x = g.add(block + ".bn2", batchNorm(EPSILON), x);
    return merge(g, block, x, shortcut(g, block, in, inChannels, planes, stride), "relu2");
  }

  /**
   * Bottleneck (ResNet-50 and deeper, torchvision's "v1.5" with the stride on the 3x3): CONV1 to
   * {@code planes} -> BN -> RELU -> CONV3 (stride S) -> BN -> RELU -> CONV1 to {@code 4 * planes} -> BN,
   * plus the shortcut.
   */
  static String bottleneck(Graph g, String block, String in, int inChannels, int planes, int stride) {
    String x = g.add(block + ".conv1", convNoBias(planes, 1, 1, 0), in);
    x = g.add(block + ".bn1", batchNorm(EPSILON), x);
    x = g.add(block + ".relu1", RELU, x);
    x = g.add(block + ".conv2", convNoBias(planes, 3, stride, 1), x);
    x = g.add(block + ".bn2", batchNorm(EPSILON), x);
    x = g.add(block + ".relu2", RELU, x);
    x = g.add(block + ".conv3", convNoBias(4 * planes, 1, 1, 0), x);
    x = g.add(block + ".bn3", batchNorm(EPSILON), x);
    return merge(g, block, x, shortcut(g, block, in, inChannels, 4 * planes, stride), "relu3");
  }

  private static String merge(Graph g, String block, String residual, String shortcut, String reluName) {
    String sum = g.add(block + ".add", ADD, residual, shortcut);
    return g.add(block + "." + reluName, RELU, sum);
  }

  /** {@code in} itself when sizes agree, else torchvision's {@code downsample}: 1x1 CONV at stride S and BN. */
  private static String shortcut(Graph g, String block, String in, int inChannels, int outChannels, int stride) {
    if (stride == 1 && inChannels == outChannels) {
      return in;
    }
    String x = g.add(block + ".downsample.0", convNoBias(outChannels, 1, stride, 0), in);
    return g.add(block + ".downsample.1", batchNorm(EPSILON), x);
  }
}
