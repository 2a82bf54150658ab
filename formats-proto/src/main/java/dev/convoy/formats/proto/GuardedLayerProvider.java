package dev.convoy.formats.proto;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerProvider;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import java.util.List;
import java.util.Set;

/**
 * A layer provider that turns whatever its delegate throws for attributes from a file (an
 * ArithmeticException for a zero stride, say) into a {@link ConvoyException} naming the node, so a
 * bad checkpoint is reported, not crashed on. The layer's shape and parameters are asked for here,
 * inside the guard, because the network builder asks for them next.
 */
record GuardedLayerProvider(LayerProvider delegate) implements LayerProvider {

  @Override
  public Set<String> types() {
    return delegate.types();
  }

  @Override
  public String version() {
    return delegate.version();
  }

  @Override
  public Layer create(String nodeName, LayerSpec spec, List<Shape> inputShapes) {
    try {
      Layer layer = delegate.create(nodeName, spec, inputShapes);
      layer.outputShape();
      layer.parameters().forEach(p -> p.shape().size());
      return layer;
    } catch (ConvoyException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ConvoyException("node '" + nodeName + "' (" + spec + ") cannot be made from inputs " + inputShapes
          + ": " + e, e);
    }
  }
}
