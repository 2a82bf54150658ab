package dev.convoy.layers.core;

import dev.convoy.api.Attributes;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerProvider;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import java.util.List;
import java.util.Set;

/**
 * The nodes where branches of a network meet: {@code Add} (element-wise sum of 2+ inputs of one
 * shape, for ResNet's skip connections), {@code Mul} (element-wise product of 2 inputs of one
 * shape, for gates and masks the network computes, or of a tensor and a per-channel gate, for
 * squeeze-and-excitation) and {@code Concat} (2+ inputs joined on the
 * channel axis, for GoogLeNet's Inception modules; attribute {@code axis}, which must be 1 if given).
 */
public final class MergeLayerProvider implements LayerProvider {
  private static final Set<String> TYPES = Set.of("Add", "Mul", "Concat");

  @Override
  public Set<String> types() {
    return TYPES;
  }

  @Override
  public Layer create(String nodeName, LayerSpec spec, List<Shape> inputShapes) {
    String type = spec.type();
    Attributes a = spec.attributes();
    String owner = nodeName + " (" + type + ")";
    switch (type) {
      case "Add" -> {
        a.requireOnly(owner, Set.of());
        List<Shape> shapes = InputShapes.several(nodeName, type, inputShapes, 1);
        if (shapes.stream().distinct().count() != 1) {
          throw new ShapeException(nodeName + ": Add needs inputs of one shape, got " + shapes
              + "; a skip connection whose shape changes needs a 1x1 Conv (projection) on the shortcut");
        }
        return new AddLayer(nodeName, shapes.get(0));
      }
      case "Mul" -> {
        a.requireOnly(owner, Set.of());
        List<Shape> shapes = InputShapes.several(nodeName, type, inputShapes, 1);
        if (shapes.size() == 2 && shapes.get(0).equals(shapes.get(1))) {
          return new MulLayer(nodeName, shapes.get(0));
        }
        if (shapes.size() == 2 && ChannelGateLayer.isGate(shapes.get(1), shapes.get(0))) {
          return new ChannelGateLayer(nodeName, shapes.get(0), 1);
        }
        if (shapes.size() == 2 && ChannelGateLayer.isGate(shapes.get(0), shapes.get(1))) {
          return new ChannelGateLayer(nodeName, shapes.get(1), 0);
        }
        throw new ShapeException(nodeName + ": Mul takes 2 inputs of one shape, or a tensor [N, C, ...] and a gate"
            + " of one value per channel ([N, C, 1, 1] or [N, C]), got " + shapes
            + "; scaling by a constant is a Conv with groups = channels (a per-channel factor)");
      }
      case "Concat" -> {
        a.requireOnly(owner, Set.of("axis"));
        int axis = a.getInt("axis", 1);
        if (axis != 1) {
          throw new ConvoyException(nodeName + ": Concat axis=" + axis + " is not supported; it joins on the channel"
              + " axis 1");
        }
        List<Shape> shapes = InputShapes.several(nodeName, type, inputShapes, 2);
        return new ConcatLayer(nodeName, shapes, ConcatLayer.joined(nodeName, shapes));
      }
      default -> throw new ConvoyException(nodeName + ": unknown layer type " + type + " (known: " + TYPES + ")");
    }
  }
}
