package dev.convoy.zoo;

import dev.convoy.api.LayerSpec;

/**
 * The layer specs the zoo's definitions are written with, so that each architecture reads like its
 * paper's table: {@code conv(64, 3, 1, 1)} is CONV3-64 with stride 1 and padding 1.
 */
final class Specs {
  static final LayerSpec RELU = LayerSpec.of("Relu");

  private Specs() {}

  /** CONV with K {@code filters} of F x F, stride S, zero padding P, with a bias. */
  static LayerSpec conv(int filters, int kernel, int stride, int pad) {
    return LayerSpec.of("Conv").with("filters", filters).with("kernel", kernel).with("stride", stride)
        .with("pad", pad);
  }

  /**
   * A CONV as PyTorch sizes it: when {@code (W - F + 2P)/S + 1} is not whole the leftover is dropped
   * (AlexNet's 11x11/4 over 224, ResNet's strided convolutions), so counts match torchvision's.
   */
  static LayerSpec convFloor(int filters, int kernel, int stride, int pad) {
    return conv(filters, kernel, stride, pad).with("round", "floor");
  }

  /** A CONV with no bias, for the convolutions a BatchNorm follows (its shift makes a bias redundant). */
  static LayerSpec convNoBias(int filters, int kernel, int stride, int pad) {
    return convFloor(filters, kernel, stride, pad).with("bias", 0);
  }

  static LayerSpec maxPool(int kernel, int stride) {
    return LayerSpec.of("MaxPool").with("kernel", kernel).with("stride", stride);
  }

  /** Max pooling that keeps a partial last window, as Caffe and torchvision's GoogLeNet do. */
  static LayerSpec maxPoolCeil(int kernel, int stride, int pad) {
    return maxPool(kernel, stride).with("pad", pad).with("round", "ceil");
  }

  static LayerSpec averagePool(int kernel, int stride) {
    return LayerSpec.of("AveragePool").with("kernel", kernel).with("stride", stride);
  }

  static LayerSpec fc(int units) {
    return LayerSpec.of("FC").with("units", units);
  }

  static LayerSpec dropout(float ratio) {
    return LayerSpec.of("Dropout").with("ratio", ratio);
  }

  /** Batch normalization over channels with {@code epsilon} added to the variance. */
  static LayerSpec batchNorm(float epsilon) {
    return LayerSpec.of("BatchNorm").with("epsilon", epsilon);
  }
}
