package dev.convoy.data;

import java.util.ArrayList;
import java.util.List;

/** The class names of the well-known datasets, in label order. */
public final class ClassNames {
  /** Fashion-MNIST labels 0..9. */
  public static final List<String> FASHION_MNIST = List.of(
      "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
      "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  /** CIFAR-10 labels 0..9, as in its {@code batches.meta.txt}. */
  public static final List<String> CIFAR10 = List.of(
      "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

  /** MNIST labels 0..9: the digits themselves. */
  public static final List<String> MNIST = digits(10);

  private ClassNames() {}

  /** {@code "0"} to {@code count - 1}, for datasets whose classes have no names. */
  public static List<String> digits(int count) {
    List<String> names = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      names.add(Integer.toString(i));
    }
    return List.copyOf(names);
  }
}
