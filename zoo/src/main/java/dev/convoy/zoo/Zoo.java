package dev.convoy.zoo;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.Shape;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The architectures Convoy knows by name ({@code convoy train --model lenet}, {@code convoy summary
 * vgg16}): the small nets made for MNIST and CIFAR-10, and the notes' ImageNet case studies, whose
 * parameter counts equal torchvision's.
 */
public final class Zoo {
  private static final Shape IMAGENET = Shape.of(3, 224, 224);
  private static final Map<String, ZooModel> MODELS = new LinkedHashMap<>();

  static {
    add(new ZooModel("lenet", "LeNet-style ConvNet for 28x28 grey images (MNIST, Fashion-MNIST)",
        Shape.of(1, 28, 28), 10, SmallNets::lenet));
    add(new ZooModel("cifar-small", "two [CONV-RELU-CONV-RELU-POOL] blocks and two FC layers for 32x32 colour images",
        Shape.of(3, 32, 32), 10, SmallNets::cifarSmall));
    add(new ZooModel("cifar-notes", "the notes' first example: CONV3-12, RELU, POOL2, FC-10 for 32x32 colour images",
        Shape.of(3, 32, 32), 10, SmallNets::cifarNotes));
    add(new ZooModel("lenet5", "LeNet-5 (LeCun et al. 1998) for 32x32 grey digits, with tanh and average subsampling",
        Shape.of(1, 32, 32), 10, SmallNets::lenet5));
    add(new ZooModel("alexnet", "AlexNet (ILSVRC 2012) as torchvision defines it", IMAGENET, 1000,
        ClassicNets::alexnet));
    add(new ZooModel("zfnet", "ZF Net (ILSVRC 2013): AlexNet with a 7x7 stride-2 first CONV and wider CONV3-5",
        IMAGENET, 1000, ClassicNets::zfnet));
    add(new ZooModel("vgg11", "VGGNet configuration A: 8 CONV3 and 3 FC layers", IMAGENET, 1000,
        (registry, input) -> ClassicNets.vgg(registry, input, ClassicNets.VGG11)));
    add(new ZooModel("vgg16", "VGGNet configuration D, the notes' table: 13 CONV3 and 3 FC layers", IMAGENET, 1000,
        (registry, input) -> ClassicNets.vgg(registry, input, ClassicNets.VGG16)));
    add(new ZooModel("vgg19", "VGGNet configuration E: 16 CONV3 and 3 FC layers", IMAGENET, 1000,
        (registry, input) -> ClassicNets.vgg(registry, input, ClassicNets.VGG19)));
    add(new ZooModel("googlenet", "GoogLeNet (ILSVRC 2014): Inception modules and average pooling, no auxiliary heads",
        IMAGENET, 1000, Inception::googlenet));
    add(new ZooModel("resnet18", "ResNet-18: residual BasicBlocks [2, 2, 2, 2] with batch normalization", IMAGENET,
        1000, ResNets::resnet18));
    add(new ZooModel("resnet34", "ResNet-34: residual BasicBlocks [3, 4, 6, 3] with batch normalization", IMAGENET,
        1000, ResNets::resnet34));
    add(new ZooModel("resnet50", "ResNet-50: Bottleneck blocks [3, 4, 6, 3] with batch normalization", IMAGENET,
        1000, ResNets::resnet50));
  }

  private Zoo() {}

  private static void add(ZooModel model) {
    MODELS.put(model.name(), model);
  }

  public static boolean contains(String name) {
    return MODELS.containsKey(name);
  }

  /** The model called {@code name}, or an error listing the zoo. */
  public static ZooModel get(String name) {
    ZooModel model = MODELS.get(name);
    if (model == null) {
      throw new ConvoyException("'" + name + "' is not a zoo model, a .convoy file or an .onnx file (zoo models: "
          + String.join(", ", MODELS.keySet()) + ")");
    }
    return model;
  }

  /** Every model, in the order above: small nets first, then the case studies by year. */
  public static Collection<ZooModel> models() {
    return Collections.unmodifiableCollection(MODELS.values());
  }
}
