package dev.convoy.runtime;

import dev.convoy.api.Layer;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.ParamSpec;
import dev.convoy.api.Shape;
import java.util.List;

/**
 * One named node of a {@link Network}: its layer spec, the names of the values it reads (network
 * inputs or other nodes), the layer made for it and the shape it produces.
 */
public record Node(String name, LayerSpec spec, List<String> inputs, Layer layer, Shape outputShape) {

  public Node {
    inputs = List.copyOf(inputs);
  }

  /** Parameter values of this node, e.g. 96*11*11*3 + 96 = 34,944 for AlexNet conv1. */
  public long parameterCount() {
    long count = 0;
    for (ParamSpec p : layer.parameters()) {
      count += p.shape().size();
    }
    return count;
  }

  /** The network-wide name of a parameter, e.g. {@code conv1.weight}. */
  public String qualify(String parameter) {
    return name + "." + parameter;
  }
}
