package dev.convoy.zoo;

import static dev.convoy.zoo.Specs.averagePool;
import static dev.convoy.zoo.Specs.conv;
import static dev.convoy.zoo.Specs.fc;

import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.ProviderRegistry;
import dev.convoy.runtime.Sequential;

/**
 * Small networks with fixed definitions, so results can be compared like with like across tools.
 * Each follows the notes' pattern INPUT -> [[CONV -> RELU]*N -> POOL]*M -> [FC -> RELU]*K -> FC.
 */
final class SmallNets {
  private static final LayerSpec TANH = LayerSpec.of("Tanh");

  private SmallNets() {}

  /**
   * LeNet-style for 28x28x1 (MNIST, Fashion-MNIST): CONV5-32 (pad 2), RELU, POOL2, CONV5-64 (pad 2),
   * RELU, POOL2, FC-1024, RELU, FC-10; 3,274,634 parameters.
   */
  static Network lenet(ProviderRegistry registry, Shape input) {
    return Sequential.input(registry, input)
        .conv(32, 5, 1, 2).relu().maxPool(2, 2)
        .conv(64, 5, 1, 2).relu().maxPool(2, 2)
        .fc(1024).relu()
        .fc(10)
        .build();
  }

  /**
   * For 32x32x3 (CIFAR-10): [CONV3-32 (pad 1), RELU, CONV3-32 (pad 1), RELU, POOL2] x 2, FC-512,
   * RELU, FC-10; 1,082,858 parameters.
   */
  static Network cifarSmall(ProviderRegistry registry, Shape input) {
    Sequential net = Sequential.input(registry, input);
    for (int block = 0; block < 2; block++) {
      net.conv(32, 3, 1, 1).relu().conv(32, 3, 1, 1).relu().maxPool(2, 2);
    }
    return net.fc(512).relu().fc(10).build();
  }

  /**
   * The notes' first example: INPUT[32x32x3] -> CONV(12 filters)[32x32x12] -> RELU -> POOL[16x16x12]
   * -> FC[1x1x10]; 31,066 parameters.
   */
  static Network cifarNotes(ProviderRegistry registry, Shape input) {
    return Sequential.input(registry, input).conv(12, 3, 1, 1).relu().maxPool(2, 2).fc(10).build();
  }

  /**
   * LeNet-5 (LeCun et al. 1998) for 32x32x1 digits: C1 CONV5-6, S2 2x2 average subsampling, C3
   * CONV5-16 (fully connected to S2, as most re-implementations do), S4, C5 CONV5-120 (1x1x120),
   * F6 FC-84, output FC-10, with tanh squashing; 61,706 parameters.
   */
  static Network lenet5(ProviderRegistry registry, Shape input) {
    return Sequential.input(registry, input)
        .add("c1", conv(6, 5, 1, 0)).add("tanh1", TANH).add("s2", averagePool(2, 2))
        .add("c3", conv(16, 5, 1, 0)).add("tanh3", TANH).add("s4", averagePool(2, 2))
        .add("c5", conv(120, 5, 1, 0)).add("tanh5", TANH)
        .add("f6", fc(84)).add("tanh6", TANH)
        .add("output", fc(10))
        .build();
  }
}
