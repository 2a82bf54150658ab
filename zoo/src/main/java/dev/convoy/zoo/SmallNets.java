package dev.convoy.zoo;

import dev.convoy.api.Shape;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.ProviderRegistry;
import dev.convoy.runtime.Sequential;

/**
 * Small networks with fixed definitions, so results can be compared like with like across tools.
 * Each follows the notes' pattern INPUT -> [[CONV -> RELU]*N -> POOL]*M -> [FC -> RELU]*K -> FC.
 */
final class SmallNets {
  private SmallNets() {}

  /**
   * LeNet-style for 28x28x1 (MNIST, Fashion-MNIST): CONV5-32 (pad 2), RELU, POOL2, CONV5-64 (pad 2),
   * RELU, POOL2, FC-1024, RELU, FC-10; 3,274,634 parameters.
   */
  static Network lenet(ProviderRegistry registry, int batch) {
    return Sequential.input(registry, Shape.nchw(batch, 1, 28, 28))
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
  static Network cifarSmall(ProviderRegistry registry, int batch) {
    Sequential net = Sequential.input(registry, Shape.nchw(batch, 3, 32, 32));
    for (int block = 0; block < 2; block++) {
      net.conv(32, 3, 1, 1).relu().conv(32, 3, 1, 1).relu().maxPool(2, 2);
    }
    return net.fc(512).relu().fc(10).build();
  }
}
