package dev.convoy.zoo;

import dev.convoy.api.ShapeException;
import dev.convoy.api.Shape;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.ProviderRegistry;

/**
 * One architecture of the zoo: its name, what it is, the image it is made for ({@code [C, H, W]}),
 * the classes it scores and how to build it. Building checks shapes and declares parameters but
 * allocates nothing, so even VGG-16's 138M parameters cost nothing until a {@code Model} is made.
 */
public record ZooModel(String name, String description, Shape inputItem, int classes, Definition definition) {

  /** Builds the network for an input batch shape {@code [N, C, H, W]}. */
  @FunctionalInterface
  public interface Definition {
    Network build(ProviderRegistry registry, Shape input);
  }

  /** The network for batches of {@code batch} images of the native size. */
  public Network build(ProviderRegistry registry, int batch) {
    return definition.build(registry, inputShape(batch));
  }

  /**
   * The network for another image size, e.g. VGG-16 for {@code [1, 3, 384, 384]}; layers whose
   * size follows the input (an FC's weights) change, and sizes the layers cannot divide are
   * rejected with the notes' arithmetic.
   */
  public Network build(ProviderRegistry registry, Shape input) {
    if (input.rank() != 4) {
      throw new ShapeException(name + " takes image batches [N, C, H, W], not " + input);
    }
    return definition.build(registry, input);
  }

  /** The input shape for a batch, {@code [batch, C, H, W]}. */
  public Shape inputShape(int batch) {
    return Shape.nchw(batch, inputItem.dim(0), inputItem.dim(1), inputItem.dim(2));
  }

  /** The native image in the notes' form, e.g. {@code 224x224x3}. */
  public String inputText() {
    return inputItem.dim(2) + "x" + inputItem.dim(1) + "x" + inputItem.dim(0);
  }
}
