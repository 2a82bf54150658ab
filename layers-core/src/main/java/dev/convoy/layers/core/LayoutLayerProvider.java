package dev.convoy.layers.core;

import dev.convoy.api.Attributes;
import dev.convoy.api.ConvoyException;
import dev.convoy.api.Layer;
import dev.convoy.api.LayerProvider;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import dev.convoy.api.ShapeException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The layers that rearrange values without computing: {@code Reshape} (attribute {@code shape},
 * each item's new dimensions without the batch; one entry may be -1 to take what is left) and
 * {@code Transpose} (attribute {@code perm} over every axis, batch included, which must stay first).
 */
public final class LayoutLayerProvider implements LayerProvider {
  private static final Set<String> TYPES = Set.of("Reshape", "Transpose");

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
      case "Reshape" -> {
        a.requireOnly(owner, Set.of("shape"));
        Shape in = InputShapes.single(nodeName, type, inputShapes, 1);
        return new ReshapeLayer(nodeName, in, reshaped(nodeName, in, intList(nodeName, a, "shape",
            "each item's new dimensions without the batch, e.g. [4, 16]")));
      }
      case "Transpose" -> {
        a.requireOnly(owner, Set.of("perm"));
        Shape in = InputShapes.single(nodeName, type, inputShapes, 2);
        int[] perm = intList(nodeName, a, "perm", "the order of the axes, batch first, e.g. [0, 2, 3, 1]");
        checkPermutation(nodeName, in, perm);
        return new TransposeLayer(nodeName, in, perm);
      }
      default -> throw new ConvoyException(nodeName + ": unknown layer type " + type + " (known: " + TYPES + ")");
    }
  }

  private static int[] intList(String node, Attributes a, String name, String meaning) {
    Object raw = a.raw(name);
    if (raw instanceof Integer i) {
      return new int[] {i};
    }
    if (raw instanceof int[] list && list.length > 0) {
      return list;
    }
    throw new ConvoyException(node + ": needs attribute '" + name + "' (" + meaning + "), got "
        + (raw instanceof int[] list ? Arrays.toString(list) : raw instanceof float[] f ? Arrays.toString(f)
            : raw == null ? "none" : raw));
  }

  /** {@code [N] + target}, with a -1 in {@code target} resolved, or an error showing the sizes. */
  private static Shape reshaped(String node, Shape in, int[] target) {
    int[] dims = new int[target.length + 1];
    dims[0] = in.n();
    int inferred = -1;
    long known = 1;
    for (int i = 0; i < target.length; i++) {
      if (target[i] == -1 && inferred < 0) {
        inferred = i + 1;
        continue;
      }
      if (target[i] <= 0) {
        throw new ShapeException(node + ": Reshape shape " + Arrays.toString(target) + " must hold positive sizes"
            + " and at most one -1 (the batch is not part of it)");
      }
      dims[i + 1] = target[i];
      known *= target[i];
    }
    long perItem = in.sizePerItem();
    if (inferred >= 0) {
      if (perItem % known != 0) {
        throw new ShapeException(node + ": cannot reshape the " + perItem + " values of each " + in.withBatch(1)
            + " item to " + Arrays.toString(target) + ": " + perItem + " is not a multiple of " + known);
      }
      dims[inferred] = (int) (perItem / known);
      known *= dims[inferred];
    }
    if (known != perItem) {
      throw new ShapeException(node + ": cannot reshape the " + perItem + " values of each " + in.withBatch(1)
          + " item to " + Arrays.toString(target) + " (" + known + " values)");
    }
    return Shape.of(dims);
  }

  private static void checkPermutation(String node, Shape in, int[] perm) {
    boolean[] seen = new boolean[in.rank()];
    boolean valid = perm.length == in.rank();
    for (int i = 0; valid && i < perm.length; i++) {
      valid = perm[i] >= 0 && perm[i] < seen.length && !seen[perm[i]];
      seen[valid ? perm[i] : 0] = true;
    }
    if (!valid) {
      throw new ShapeException(node + ": Transpose perm " + Arrays.toString(perm) + " is not a permutation of the "
          + in.rank() + " axes of " + in);
    }
    if (perm[0] != 0) {
      throw new ShapeException(node + ": Transpose perm " + Arrays.toString(perm) + " moves the batch axis; the"
          + " batch must stay axis 0 (perm[0] = 0)");
    }
  }
}
