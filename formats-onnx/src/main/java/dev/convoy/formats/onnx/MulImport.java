package dev.convoy.formats.onnx;

import dev.convoy.api.ConvoyException;
import dev.convoy.api.LayerSpec;
import dev.convoy.api.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * ONNX's Mul on computed tensors. Two computed tensors of one shape, or a tensor and a per-channel
 * gate ({@code [N, C, 1, 1]}, squeeze-and-excitation), become a {@code Mul} layer. A
 * computed tensor times a constant that is one value, or one value per channel (axis 1, e.g.
 * {@code [C, 1, 1]} or {@code [1, C, 1, 1]} against NCHW, {@code [C]} against {@code [N, C]}), becomes a 1x1 {@code Conv} with one group
 * per channel whose weights are those factors: exact, trainable, and a bias-free Conv, so an
 * {@code Add} of a per-channel constant right after it folds in as its bias ({@code x * a + b}).
 * Inputs that are not rank 4 are viewed as {@code [N, C, rest, 1]} around that Conv.
 */
final class MulImport {
  private final GraphImport graph;

  MulImport(GraphImport graph) {
    this.graph = graph;
  }

  Value mul(String out, String where, List<Value> in) {
    if (in.get(0) instanceof Value.Live a && in.get(1) instanceof Value.Live b) {
      if (a.pad() != null || b.pad() != null) {
        throw new ConvoyException(where + ": Mul of a padded tensor is not supported");
      }
      if (!a.shape().equals(b.shape()) && !isGate(a.shape(), b.shape()) && !isGate(b.shape(), a.shape())) {
        throw new ConvoyException(where + ": Mul of computed tensors " + a.shape() + " and " + b.shape() + " is not"
            + " supported; Convoy multiplies computed tensors of one shape, or a tensor [N, C, ...] and a gate of one"
            + " value per channel ([N, C, 1, 1] or [N, C])");
      }
      return graph.add(out, LayerSpec.of("Mul"), List.of(a, b));
    }
    boolean liveFirst = in.get(0) instanceof Value.Live;
    Value.Live x = liveFirst ? (Value.Live) in.get(0) : live(where, in.get(1));
    ConstTensor c = ((Value.Const) in.get(liveFirst ? 1 : 0)).tensor();
    return scale(out, x, channelValues(where, "Mul", x.shape(), c));
  }

  /** Whether {@code g} gates {@code x} channel by channel (squeeze-and-excitation), as the Mul layer takes it. */
  private static boolean isGate(Shape g, Shape x) {
    return x.rank() >= 3 && g.rank() >= 2 && g.dim(0) == x.dim(0) && g.dim(1) == x.dim(1)
        && g.size() == (long) x.dim(0) * x.dim(1);
  }

  private static Value.Live live(String where, Value v) {
    if (!(v instanceof Value.Live live)) {
      throw new ConvoyException(where + ": Mul needs a computed tensor as one input");
    }
    return live;
  }

  /**
   * One value per channel of {@code shape}, from a constant that broadcasts against it (ONNX
   * broadcasting aligns the last axes) as a single value or along axis 1 only; {@code op} names the
   * operator in the error.
   */
  static float[] channelValues(String where, String op, Shape shape, ConstTensor c) {
    int rank = shape.rank();
    if (c.rank() > rank) {
      throw new ConvoyException(where + ": " + op + " of " + shape + " and a constant " + c + " of higher rank is"
          + " not supported");
    }
    boolean perChannel = false;
    for (int i = 0; i < c.rank(); i++) {
      int axis = i + rank - c.rank();
      long d = c.dims()[i];
      if (d == 1) {
        continue;
      }
      if (d != shape.dim(axis)) {
        throw new ConvoyException(where + ": " + op + " of " + shape + " and a constant " + c + " do not broadcast:"
            + " axis " + axis + " has " + shape.dim(axis) + " values, the constant " + d);
      }
      if (axis != 1) {
        throw new ConvoyException(where + ": " + op + " of " + shape + " and a constant " + c + " is not supported:"
            + " the constant varies along axis " + axis + (axis == 0 ? " (the batch)" : "") + "; Convoy supports one"
            + " value or one value per channel (axis 1: [C, 1, 1] or [1, C, 1, 1] for NCHW, [C] for [N, C])");
      }
      perChannel = true;
    }
    float[] factors = new float[shape.dim(1)];
    float[] values = c.asFloats();
    if (perChannel) {
      return values;
    }
    if (values.length != 1) {
      throw new ConvoyException(where + ": constant " + c + " holds " + values.length + " values, expected 1");
    }
    Arrays.fill(factors, values[0]);
    return factors;
  }

  /** {@code x} times {@code factors[c]} on channel c, as a depthwise 1x1 Conv. */
  private Value.Live scale(String out, Value.Live x, float[] factors) {
    return scale(out, x, factors, null);
  }

  /**
   * {@code factor * x + offset} on every value (HardSigmoid's line before its clip), as a
   * depthwise 1x1 Conv with that weight and bias on every channel.
   */
  Value.Live affine(String out, Value.Live x, float factor, float offset) {
    float[] factors = new float[x.shape().dim(1)];
    float[] offsets = new float[factors.length];
    Arrays.fill(factors, factor);
    Arrays.fill(offsets, offset);
    return scale(out, x, factors, offsets);
  }

  /** {@code x} times {@code factors[c]} plus {@code offsets[c]} (null for none) on channel c. */
  private Value.Live scale(String out, Value.Live x, float[] factors, float[] offsets) {
    Shape s = x.shape();
    int channels = s.dim(1);
    LayerSpec conv = LayerSpec.of("Conv").with("filters", channels).with("kernel", 1).with("groups", channels)
        .with("bias", offsets == null ? 0 : 1).with("round", "floor");
    String scaled = s.rank() == 4 ? out : out + "/scale";
    Value.Live input = s.rank() == 4 ? x : graph.add(out + "/nchw",
        LayerSpec.of("Reshape").with("shape", channels, s.sizePerItem() / Math.max(1, channels), 1), List.of(x));
    Value.Live y = graph.add(scaled, conv, List.of(input));
    graph.parameters.put(scaled + ".weight", factors);
    if (offsets != null) {
      graph.parameters.put(scaled + ".bias", offsets);
    }
    if (s.rank() == 4) {
      return y;
    }
    int[] item = Arrays.copyOfRange(s.dims(), 1, s.rank());
    return graph.add(out, s.rank() == 2 ? LayerSpec.of("Flatten") : LayerSpec.of("Reshape").with("shape", item),
        List.of(y));
  }
}
