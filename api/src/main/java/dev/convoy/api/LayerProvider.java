package dev.convoy.api;

import java.util.List;
import java.util.Set;

/**
 * Makes the layers of one family (e.g. {@code Conv}). Registered with {@code provides
 * dev.convoy.api.LayerProvider with ...} in a module descriptor and found with {@link
 * java.util.ServiceLoader}; a type name may be provided by one provider only, or loading fails
 * naming both modules.
 *
 * <p>Providers are stateless and safe to call from any thread.
 */
public interface LayerProvider {

  /** The layer type names this provider makes, e.g. {@code MaxPool}, {@code AveragePool}. */
  Set<String> types();

  /** The provider's version: its module's version where the module has one. */
  default String version() {
    return getClass().getModule().getDescriptor() == null
        ? "unversioned"
        : getClass().getModule().getDescriptor().rawVersion().orElse("unversioned");
  }

  /**
   * Checks {@code spec} against {@code inputShapes} and makes the layer for node {@code nodeName}.
   *
   * @throws ShapeException when the shapes do not fit; the message names the node and the numbers
   * @throws ConvoyException for a missing or bad attribute
   */
  Layer create(String nodeName, LayerSpec spec, List<Shape> inputShapes);
}
