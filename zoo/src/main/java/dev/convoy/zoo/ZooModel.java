package dev.convoy.zoo;

import dev.convoy.api.Shape;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.ProviderRegistry;
import java.util.function.BiFunction;

/**
 * One architecture of the zoo: its name, what it is, the image it expects ({@code [C, H, W]}) and
 * how to build it for a batch size.
 */
public record ZooModel(String name, String description, Shape inputItem, int classes,
    BiFunction<ProviderRegistry, Integer, Network> definition) {

  /** The network for batches of {@code batch} images. */
  public Network build(ProviderRegistry registry, int batch) {
    return definition.apply(registry, batch);
  }

  /** The input shape for a batch, {@code [batch, C, H, W]}. */
  public Shape inputShape(int batch) {
    return Shape.nchw(batch, inputItem.dim(0), inputItem.dim(1), inputItem.dim(2));
  }
}
