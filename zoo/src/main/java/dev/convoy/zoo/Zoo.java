package dev.convoy.zoo;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.Shape;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** The architectures Convoy knows by name: {@code convoy train --model lenet}. */
public final class Zoo {
  private static final Map<String, ZooModel> MODELS = new LinkedHashMap<>();

  static {
    add(new ZooModel("lenet", "LeNet-style ConvNet for 28x28 grey images (MNIST, Fashion-MNIST)",
        Shape.of(1, 28, 28), 10, SmallNets::lenet));
    add(new ZooModel("cifar-small", "two [CONV-RELU-CONV-RELU-POOL] blocks and two FC layers for 32x32 colour images",
        Shape.of(3, 32, 32), 10, SmallNets::cifarSmall));
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

  public static Collection<ZooModel> models() {
    return MODELS.values();
  }
}
