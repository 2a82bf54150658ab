package dev.convoy.zoo;

import static dev.convoy.zoo.Specs.RELU;
import static dev.convoy.zoo.Specs.conv;
import static dev.convoy.zoo.Specs.convFloor;
import static dev.convoy.zoo.Specs.dropout;
import static dev.convoy.zoo.Specs.fc;
import static dev.convoy.zoo.Specs.maxPool;
import static dev.convoy.zoo.Specs.maxPoolCeil;

import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.ProviderRegistry;
import dev.convoy.runtime.Sequential;

/**
 * The notes' ImageNet case studies that are plain chains: AlexNet, ZF Net and VGGNet, each for
 * 224x224x3 images and 1000 classes. Nodes are named as in Caffe's model files ({@code conv1_1},
 * {@code pool1}, {@code fc6}...), which is also how the notes' tables read.
 */
final class ClassicNets {
  /** VGG configurations (Simonyan and Zisserman 2014, table 1): filters per CONV3, 0 for a POOL2. */
  static final int[] VGG11 = {64, 0, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0};
  static final int[] VGG16 = {64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0};
  static final int[] VGG19 =
      {64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0, 512, 512, 512, 512, 0, 512, 512, 512, 512, 0};

  private ClassicNets() {}

  /**
   * AlexNet as torchvision defines it (the one-GPU variant of Krizhevsky et al. 2012 with 64, 192,
   * 384, 256, 256 filters and no normalization layers): 61,100,840 parameters. CONV11-64 at stride 4
   * with padding 2 over 224 gives (224 - 11 + 4)/4 + 1 = 55.25, floored to 55 as PyTorch does.
   */
  static Network alexnet(ProviderRegistry registry, Shape input) {
    Sequential net = Sequential.input(registry, input)
        .add("conv1", convFloor(64, 11, 4, 2)).add("relu1", RELU).add("pool1", maxPool(3, 2))
        .add("conv2", conv(192, 5, 1, 2)).add("relu2", RELU).add("pool2", maxPool(3, 2))
        .add("conv3", conv(384, 3, 1, 1)).add("relu3", RELU)
        .add("conv4", conv(256, 3, 1, 1)).add("relu4", RELU)
        .add("conv5", conv(256, 3, 1, 1)).add("relu5", RELU).add("pool5", maxPool(3, 2));
    // torchvision drops out before each of the first two FC layers.
    return net.add("drop6", dropout(0.5f)).add("fc6", fc(4096)).add("relu6", RELU)
        .add("drop7", dropout(0.5f)).add("fc7", fc(4096)).add("relu7", RELU)
        .add("fc8", fc(1000))
        .build();
  }

  /**
   * ZF Net (Zeiler and Fergus 2013, figure 3): AlexNet with a 7x7 stride-2 first CONV instead of
   * 11x11 stride 4, and 384, 384, 256 filters in CONV3-5. Sizes follow the paper: 224 -> 110 (CONV7/2,
   * pad 1, floored) -> 55 (POOL3/2, ceil as in Caffe) -> 26 (CONV5/2) -> 13 -> 13 -> 6 -> FC-4096 x 2
   * -> FC-1000, each FC-4096 followed by dropout 0.5. The paper's contrast normalization after the
   * first two pools is AlexNet's local response normalization (n = 5, alpha 1e-4, beta 0.75, k = 2).
   */
  static Network zfnet(ProviderRegistry registry, Shape input) {
    return Sequential.input(registry, input)
        .add("conv1", convFloor(96, 7, 2, 1)).add("relu1", RELU).add("pool1", maxPoolCeil(3, 2, 0))
        .add("norm1", lrn())
        .add("conv2", conv(256, 5, 2, 0)).add("relu2", RELU).add("pool2", maxPoolCeil(3, 2, 0))
        .add("norm2", lrn())
        .add("conv3", conv(384, 3, 1, 1)).add("relu3", RELU)
        .add("conv4", conv(384, 3, 1, 1)).add("relu4", RELU)
        .add("conv5", conv(256, 3, 1, 1)).add("relu5", RELU).add("pool5", maxPool(3, 2))
        .add("fc6", fc(4096)).add("relu6", RELU).add("drop6", dropout(0.5f))
        .add("fc7", fc(4096)).add("relu7", RELU).add("drop7", dropout(0.5f))
        .add("fc8", fc(1000))
        .build();
  }

  private static LayerSpec lrn() {
    return LayerSpec.of("LRN").with("size", 5).with("alpha", 1e-4f).with("beta", 0.75f).with("bias", 2f);
  }

  /**
   * VGGNet: [CONV3 (stride 1, pad 1) -> RELU]* and POOL2 (stride 2) as {@code config} lists them,
   * then FC-4096, RELU, dropout, FC-4096, RELU, dropout, FC-1000. VGG-16 is the notes' table.
   */
  static Network vgg(ProviderRegistry registry, Shape input, int[] config) {
    Sequential net = Sequential.input(registry, input);
    int stage = 1;
    int inStage = 0;
    for (int filters : config) {
      if (filters == 0) {
        net.add("pool" + stage, maxPool(2, 2));
        stage++;
        inStage = 0;
      } else {
        inStage++;
        net.add("conv" + stage + "_" + inStage, conv(filters, 3, 1, 1)).add("relu" + stage + "_" + inStage, RELU);
      }
    }
    return net.add("fc6", fc(4096)).add("relu6", RELU).add("drop6", dropout(0.5f))
        .add("fc7", fc(4096)).add("relu7", RELU).add("drop7", dropout(0.5f))
        .add("fc8", fc(1000))
        .build();
  }
}
